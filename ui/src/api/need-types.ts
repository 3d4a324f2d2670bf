// Shapes of the needs (诉求) commands (src-tauri/src/commands/need.rs over
// cunwu_app::needs / cunwu_app::people). The lifecycle lives in Rust: the
// screens show `allowedSteps` and never decide a step themselves.

export interface Choice { key: string; label: string }

export interface NeedRow {
  id: string; code: string; village: string
  householdId: string | null; householdHead: string | null; groupNo: string | null; visitId: string | null
  requester: string; text: string; kind: Choice; category: string; source: string; createdOn: string
  status: Choice; owner: string | null; promised: string | null
  reopens: number; urges: number; conflicts: number; overdue: boolean
}

export interface NeedQuery {
  status?: string; kind?: string; category?: string; owner?: string; groupNo?: string
  overdue?: boolean; household?: string; source?: string; limit?: number; offset?: number
}

export interface NeedList { rows: NeedRow[]; counts: { status: Choice; count: number }[]; overdue: number }

export interface NeedTimelineEntry {
  id: string; date: string; by: string; step: string; label: string; text: string; note: string
  status: Choice; applied: boolean
}

export interface NeedPage {
  row: NeedRow; sourceLabel: string; requesterPhone: string; createdBy: string
  feedback: string | null; reviewOn: string | null
  timeline: NeedTimelineEntry[]; allowedSteps: Choice[]
  conflicts: { events: string[]; text: string }[]
}

export interface NeedForm {
  household?: string | null; groupNo?: string | null; requesterName: string; requesterPhone: string
  text: string; category: string; kind: string; source: string; visitId?: string | null
  orderNo?: string | null; owner?: string | null; promised?: string | null
}

export interface NeedStepForm {
  step: string; note: string; owner?: string | null; ownerId?: string | null; promised?: string | null
  result?: string | null; explanation?: string | null; toldBy?: string | null; toldOn?: string | null
  reviewOn?: string | null; unit?: string | null; into?: string | null; reason?: string | null
}

export interface NeedReceipt {
  code: string; village: string; township: string | null; requester: string; text: string
  createdOn: string; owner: string | null; promised: string | null; phone: string
}

export interface NeedTracking {
  code: string; village: string; text: string; status: string; owner: string | null
  promised: string | null; overdue: boolean; steps: string[]
}

export interface NeedVocabulary { categories: string[]; kinds: Choice[]; statuses: Choice[]; sources: Choice[] }

export interface Person { id: string; name: string; role: string; branch: string; phone: string; partyMember: boolean }

export interface VisitWithNeedsView { visit: import('./types').Visit; needs: NeedRow[] }

/** The needs part of the backend seam (Backend.needs). */
export interface NeedBackend {
  vocabulary(): Promise<NeedVocabulary>
  list(query: NeedQuery): Promise<NeedList>
  show(key: string): Promise<NeedPage>
  add(form: NeedForm): Promise<NeedPage>
  step(key: string, form: NeedStepForm): Promise<NeedPage>
  track(code: string): Promise<NeedTracking[]>
  receipt(key: string): Promise<NeedReceipt>
  ofHousehold(householdId: string): Promise<NeedRow[]>
  visitAdd(householdId: string, input: { visit: import('./types').VisitInput; needs: NeedForm[] }): Promise<VisitWithNeedsView>
  /** Save the filtered list as Excel at `path` (`isPublic`: the 公示 variant); the rows written. */
  export(path: string, query: NeedQuery, isPublic: boolean): Promise<number>
  people(): Promise<Person[]>
  personAdd(form: Omit<Person, 'id'>): Promise<Person>
}
