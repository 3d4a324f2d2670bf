// The one interface the screens use to reach the backend. Implemented by
// `tauri.ts` (the desktop app) and `mock.ts` (tests and `npm run dev:mock`).

import type {
  AppInfo, AppInitInput, ExportResult, Household, HouseholdDetail, HouseholdFilter,
  HouseholdRow, ImportReport, Status, Visit, VisitInput,
} from './types'
import type { CoopBackend } from './coop-backend'
import type { DemoExitBackend } from './demo-exit-types'
import type { SyncBackend } from './sync-types'
import type { BackupBackend } from './backup-types'
import type { NeedBackend } from './need-types'

/** Which file types a file chooser offers. */
export type FileKind = 'sheet' | 'xlsx'

export interface Backend extends CoopBackend, DemoExitBackend {
  appInfo(): Promise<AppInfo>
  appInit(input: AppInitInput): Promise<AppInfo>
  status(): Promise<Status>

  householdList(filter: HouseholdFilter): Promise<HouseholdRow[]>
  householdGet(id: string, reveal: boolean): Promise<HouseholdDetail>
  householdAdd(fields: Record<string, string>): Promise<Household>
  householdEdit(id: string, field: string, value: string): Promise<Household>

  visitAdd(householdId: string, input: VisitInput): Promise<Visit>
  visitAmend(visitId: string, input: VisitInput): Promise<Visit>

  importHouseholds(path: string, dryRun: boolean): Promise<ImportReport>
  exportHouseholds(path: string, isPublic: boolean): Promise<ExportResult>
  exportVisits(path: string): Promise<ExportResult>

  /** Ask the user for a spreadsheet to import; null when they cancel. */
  chooseImportFile(): Promise<string | null>
  /** Ask the user where to save an export; null when they cancel. */
  chooseExportPath(suggestedName: string): Promise<string | null>

  /** Sync with the township hub, USB bundles and conflicts. */
  readonly sync: SyncBackend
  /** Backups of the village database and restoring one. */
  readonly backup: BackupBackend

  /** Needs (诉求) and the people who claim them. */
  readonly needs: NeedBackend
}
