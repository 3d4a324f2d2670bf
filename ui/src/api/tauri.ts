// The desktop backend: every method is one Tauri command (src-tauri/commands).
// Arguments are camelCase here; Tauri maps them to the Rust snake_case names.

import { invoke } from '@tauri-apps/api/core'
import { open, save } from '@tauri-apps/plugin-dialog'
import type { Backend } from './backend'
import { TauriCoop } from './coop-tauri'
import type {
  AppInfo, AppInitInput, ExportResult, Household, HouseholdDetail, HouseholdFilter,
  HouseholdRow, ImportReport, Status, Visit, VisitInput,
} from './types'
import { TauriSync } from './sync-tauri'
import { TauriBackup } from './backup-tauri'
import { TauriNeeds } from './need-tauri'
import type { DemoExit, DemoExitPlan } from './demo-exit-types'

/** Command names, shared with the IPC mock of the browser tests. */
export const COMMANDS = {
  appInfo: 'app_info',
  appInit: 'app_init',
  status: 'status',
  householdList: 'household_list',
  householdGet: 'household_get',
  householdAdd: 'household_add',
  householdEdit: 'household_edit',
  visitAdd: 'visit_add',
  visitAmend: 'visit_amend',
  importHouseholds: 'import_households',
  exportHouseholds: 'export_households',
  exportVisits: 'export_visits',
  demoExitPlan: 'demo_exit_plan',
  demoLeave: 'demo_leave',
} as const

const SHEETS = [{ name: '表格 (Excel / CSV)', extensions: ['xlsx', 'csv'] }]
const XLSX = [{ name: 'Excel', extensions: ['xlsx'] }]

export class TauriBackend extends TauriCoop implements Backend {
  readonly sync = new TauriSync()
  readonly backup = new TauriBackup()
  readonly needs = new TauriNeeds()
  appInfo() { return invoke<AppInfo>(COMMANDS.appInfo) }
  appInit(input: AppInitInput) { return invoke<AppInfo>(COMMANDS.appInit, { ...input }) }
  status() { return invoke<Status>(COMMANDS.status) }
  demoExitPlan() { return invoke<DemoExitPlan>(COMMANDS.demoExitPlan) }
  demoLeave() { return invoke<DemoExit>(COMMANDS.demoLeave) }

  householdList(filter: HouseholdFilter) { return invoke<HouseholdRow[]>(COMMANDS.householdList, { filter }) }
  householdGet(id: string, reveal: boolean) { return invoke<HouseholdDetail>(COMMANDS.householdGet, { id, reveal }) }
  householdAdd(fields: Record<string, string>) { return invoke<Household>(COMMANDS.householdAdd, { fields }) }
  householdEdit(id: string, field: string, value: string) {
    return invoke<Household>(COMMANDS.householdEdit, { id, field, value })
  }

  visitAdd(householdId: string, input: VisitInput) { return invoke<Visit>(COMMANDS.visitAdd, { householdId, input }) }
  visitAmend(visitId: string, input: VisitInput) { return invoke<Visit>(COMMANDS.visitAmend, { visitId, input }) }

  importHouseholds(path: string, dryRun: boolean) { return invoke<ImportReport>(COMMANDS.importHouseholds, { path, dryRun }) }
  exportHouseholds(path: string, isPublic: boolean) {
    return invoke<ExportResult>(COMMANDS.exportHouseholds, { path, public: isPublic })
  }
  exportVisits(path: string) { return invoke<ExportResult>(COMMANDS.exportVisits, { path }) }

  async chooseImportFile() {
    const picked = await open({ multiple: false, directory: false, filters: SHEETS })
    return typeof picked === 'string' ? picked : null
  }
  async chooseExportPath(suggestedName: string) {
    return (await save({ defaultPath: suggestedName, filters: XLSX })) ?? null
  }
}
