// One place for the co-op screens' calls: run a backend call, show its
// Chinese refusal as a message box, and ask where to save Excel exports.

import { ElMessage, ElMessageBox } from 'element-plus'
import { isBackendError, type Backend, type ExportForm } from './api'
import { today } from './calendar'

/** The refusal's Chinese message (or the error as text). */
export function messageOf(e: unknown): string {
  return isBackendError(e) ? e.message : String(e)
}

/** Run `f`; on refusal show the message in a box and return null. */
export async function attempt<T>(f: () => Promise<T>, title: string, ok = '知道了'): Promise<T | null> {
  try {
    return await f()
  } catch (e) {
    await ElMessageBox.alert(messageOf(e), title, { type: 'error', confirmButtonText: ok }).catch(() => undefined)
    return null
  }
}

/** Ask where to save, then export; a success message names the file. */
export async function exportReport(
  backend: Backend, form: ExportForm, fileName: string, title: string, done: (rows: number, path: string) => string,
): Promise<string | null> {
  const path = await backend.chooseExportPath(`${fileName}-${today()}.xlsx`)
  if (!path) return null
  const rows = await attempt(() => backend.coopExport(form, path), title)
  if (rows === null) return null
  ElMessage.success(done(rows, path))
  return path
}
