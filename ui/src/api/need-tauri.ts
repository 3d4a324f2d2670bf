// The needs commands of the desktop app (src-tauri/src/commands/need.rs), one invoke each.

import { invoke } from '@tauri-apps/api/core'
import type {
  NeedBackend, NeedForm, NeedList, NeedPage, NeedQuery, NeedReceipt, NeedRow, NeedStepForm, NeedTracking,
  NeedVocabulary, Person, VisitWithNeedsView,
} from './need-types'
import type { VisitInput } from './types'

/** Command names, shared with the IPC mock of the browser tests. */
export const NEED_COMMANDS = {
  vocabulary: 'need_vocabulary',
  list: 'need_list',
  show: 'need_show',
  add: 'need_add',
  step: 'need_step',
  track: 'need_track',
  receipt: 'need_receipt',
  ofHousehold: 'need_of_household',
  visitAdd: 'visit_add_with_needs',
  export: 'need_export',
  people: 'person_list',
  personAdd: 'person_add',
} as const

const C = NEED_COMMANDS

export class TauriNeeds implements NeedBackend {
  vocabulary() { return invoke<NeedVocabulary>(C.vocabulary) }
  list(query: NeedQuery) { return invoke<NeedList>(C.list, { query }) }
  show(key: string) { return invoke<NeedPage>(C.show, { key }) }
  add(form: NeedForm) { return invoke<NeedPage>(C.add, { form }) }
  step(key: string, form: NeedStepForm) { return invoke<NeedPage>(C.step, { key, form }) }
  track(code: string) { return invoke<NeedTracking[]>(C.track, { code }) }
  receipt(key: string) { return invoke<NeedReceipt>(C.receipt, { key }) }
  ofHousehold(householdId: string) { return invoke<NeedRow[]>(C.ofHousehold, { householdId }) }
  visitAdd(householdId: string, input: { visit: VisitInput; needs: NeedForm[] }) {
    return invoke<VisitWithNeedsView>(C.visitAdd, { householdId, input })
  }
  export(path: string, query: NeedQuery, isPublic: boolean) { return invoke<number>(C.export, { path, query, public: isPublic }) }
  people() { return invoke<Person[]>(C.people) }
  personAdd(form: Omit<Person, 'id'>) { return invoke<Person>(C.personAdd, { form }) }
}
