// The mock's side of leaving the demo village: the name the demo's file
// would get (China time, as crates/app/src/demo_exit.rs names it) and the
// same Chinese refusal for a real village.

import type { BackendError } from '../types'
import type { DemoExitPlan } from '../demo-exit-types'

/** The mock's per-user data folder. */
export const MOCK_DATA_DIR = '/home/cunwu/.local/share/cunwu'

/** `village-demo-YYYYMMDD-HHMMSS.db` for that instant, in China time. */
export function demoExitPlan(nowMs: number): DemoExitPlan {
  const china = new Date(nowMs + 8 * 3600_000).toISOString() // 2026-11-29T22:35:00.000Z, read as China time
  const stamp = `${china.slice(0, 10).replaceAll('-', '')}-${china.slice(11, 19).replaceAll(':', '')}`
  return { folder: MOCK_DATA_DIR, fileName: `village-demo-${stamp}.db` }
}

export function notDemo(): BackendError {
  return { code: 'not_demo', message: '现在打开的是真实村庄的数据，不是示范村，不能“离开示范村”。数据没有被移动，请继续使用' }
}
