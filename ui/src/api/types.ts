// The data the backend sends and receives: the DTOs of the Tauri commands.
// Field keys of households and members are the Rust core's keys
// (crates/core/src/household.rs, member.rs); labels are Chinese.

/** What every failed command rejects with. `message` is Chinese and says what to do. */
export interface BackendError {
  code: string
  message: string
  /** The Chinese label of the field at fault, for `code === 'invalid'`. */
  field?: string
}

export function isBackendError(e: unknown): e is BackendError {
  return typeof e === 'object' && e !== null && typeof (e as BackendError).code === 'string' && typeof (e as BackendError).message === 'string'
}

/** The app and its village, as the first screen and the status bar need them. */
export interface AppInfo {
  initialized: boolean
  village: string | null
  township: string | null
  user: string | null
  deviceId: string
  pendingChanges: number
  lastSync: string | null
  /** A demo village: generated data that never syncs. */
  demo: boolean
}

export interface AppInitInput {
  village: string
  township?: string
  user: string
  /** When set, the village is filled with this many generated demo households. */
  demoHouseholds?: number
}

export interface Status {
  village: string | null
  user: string | null
  pendingChanges: number
  lastSync: string | null
  /** A demo village: generated data that never syncs. */
  demo?: boolean
}

/** 户属性 choices. */
export const CATEGORIES = ['一般户', '低保户', '五保户', '脱贫户'] as const
/** 防返贫监测 types; empty means not monitored. */
export const MONITORING = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'] as const
/** 主要致贫原因 choices. */
export const POVERTY_CAUSES = ['因病', '因残', '因学', '因灾', '缺土地', '缺水', '缺技术', '缺劳力', '缺资金', '交通落后', '自身发展动力不足', '其它'] as const

export interface HouseholdFilter {
  /** Chinese name, pinyin initials, full pinyin or 户编号. */
  query?: string
  group?: number
  category?: string
  /** A monitoring type, or `'any'` for every monitored household. */
  monitoring?: string
  /** Only households whose last visit is more than this many days ago, or never. */
  notVisitedDays?: number
  /** At most this many rows. */
  limit?: number
}

/** One row of the household list; sensitive values arrive masked. */
export interface HouseholdRow {
  id: string
  code: string
  headName: string
  groupNo: number
  category: string
  monitoring: string
  address: string
  /** Masked: 138****8000. */
  phone: string
  lastVisit: string | null
  conflicts: number
}

/** Household field keys in display order. */
export const HOUSEHOLD_FIELDS = [
  'code', 'head_name', 'group_no', 'address', 'phone', 'head_id_number', 'category',
  'monitoring', 'poverty_causes', 'cadre', 'bank_name', 'bank_account', 'notes',
] as const
export type HouseholdFieldKey = (typeof HOUSEHOLD_FIELDS)[number]

/** Personal data masked on screen unless revealed, never in 公示 exports. */
export const SENSITIVE_FIELDS: readonly HouseholdFieldKey[] = ['phone', 'head_id_number', 'bank_name', 'bank_account']

export const MEMBER_FIELDS = ['name', 'sex', 'id_number', 'relation', 'health', 'schooling', 'migrant_work', 'insurance'] as const
export type MemberFieldKey = (typeof MEMBER_FIELDS)[number]

export interface Household {
  id: string
  fields: Record<string, string>
  lastVisit: string | null
  conflicts: number
}

export interface Member {
  id: string
  fields: Record<string, string>
}

export interface Visit {
  id: string
  householdId: string
  /** YYYY-MM-DD, the household's local date. */
  date: string
  visitors: string[]
  recorder: string
  situation: string
  difficulties: string
  needs: string
  followUp: string
  /** When set, this visit corrects the visit with that id. */
  amends: string | null
}

export interface VisitInput {
  /** YYYY-MM-DD; today when absent. */
  date?: string
  visitors: string[]
  situation: string
  difficulties: string
  needs: string
  followUp: string
}

export interface HouseholdDetail {
  household: Household
  members: Member[]
  visits: Visit[]
}

export interface ImportProblem {
  /** Row number as the spreadsheet shows it (header is row 1). */
  row: number
  /** Column header. */
  column: string
  value: string
  reason: string
}

export interface ImportReport {
  totalRows: number
  imported: number
  updated: number
  unchanged: number
  /** How many rows were refused (a row may have several problems). */
  problemRows?: number
  problems: ImportProblem[]
  warnings: string[]
  /** Nothing was written. */
  dryRun?: boolean
}

export interface ExportResult {
  path: string
  rows: number
}
