// Leaving the demo village (离开示范村，建立本村): the demo's database is set
// aside as a dated file beside the normal one and an empty one takes its
// place, so first start can set up the real village.

import type { AppInfo } from './types'

/** Where the demo's data would be kept: shown in the confirmation. */
export interface DemoExitPlan {
  /** The folder of the village database. */
  folder: string
  /** The name the demo database gets there, e.g. village-demo-20261129-223500.db. */
  fileName: string
}

/** The demo was set aside; `info.initialized` is false (first start). */
export interface DemoExit {
  info: AppInfo
  /** Full path of the kept demo database. */
  keptAs: string
}

export interface DemoExitBackend {
  /** Where leaving the demo would keep its data. */
  demoExitPlan(): Promise<DemoExitPlan>
  /** Set the demo aside and open an empty database; refused for a real village. */
  demoLeave(): Promise<DemoExit>
}
