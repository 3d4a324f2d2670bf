// Leaving the demo village from the window: ask first (saying where the
// demo's data is kept), then switch; the session's new facts take the
// window to first start. A refusal or failure is shown, and the demo stays.

import { ElMessage, ElMessageBox } from 'element-plus'
import { isBackendError, type Backend } from '../api'
import type { Session } from './session'

type Translate = (key: string, values?: Record<string, unknown>) => string

/** Returns true when the demo was left (the window now shows first start). */
export async function leaveDemo(backend: Backend, session: Session, t: Translate): Promise<boolean> {
  try {
    const plan = await backend.demoExitPlan()
    try {
      await ElMessageBox.confirm(t('demoExit.confirm', { file: plan.fileName, folder: plan.folder }), t('demoExit.confirmTitle'), {
        confirmButtonText: t('demoExit.confirmOk'), cancelButtonText: t('demoExit.cancel'), type: 'warning',
      })
    } catch {
      return false // 继续试用示范村
    }
    const exit = await backend.demoLeave()
    session.setInfo(exit.info)
    ElMessage.success({ message: t('demoExit.done', { path: exit.keptAs }), duration: 8000 })
    return true
  } catch (e) {
    const message = isBackendError(e) ? e.message : String(e)
    await ElMessageBox.alert(message, t('demoExit.failedTitle'), { type: 'error' }).catch(() => undefined)
    return false
  }
}
