// The colour of a lot's phase tag: buying and processing are in progress,
// finished waits for sales, closed is done.

import type { LotPhase } from '../../api'

export function phaseTag(phase: LotPhase): 'primary' | 'warning' | 'success' | 'info' {
  return phase === 'collecting' ? 'primary' : phase === 'closed' ? 'success' : phase === 'finished' ? 'warning' : 'info'
}
