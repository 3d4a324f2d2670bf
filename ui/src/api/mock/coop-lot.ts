// A mock lot's record and what is read off it: the summary of the lot
// list and the reasons it cannot close yet (as crates/ledger's Lot does).

import type { LotPhase, LotState, LotSummary, LotView } from '../coop-types'

/** A lot as the mock keeps it. */
export interface MockLot {
  id: string; name: string; product: string; openedOn: string; phase: LotPhase
  state: LotState; events: LotView['events']; vouchers: string[]
}

const PHASE_LABELS: Record<LotPhase, string> = { collecting: '收购中', processing: '加工中', finished: '已完工', closed: '已结束' }

/** Why the lot cannot close yet; empty when it can. */
export function unsettled(l: MockLot): string[] {
  const out: string[] = []
  if (l.state.raw.quantity > 0) out.push(`${l.product}还有库存 ${l.state.raw.quantity / 1000}公斤未加工`)
  if (l.state.wip > 0) out.push('生产成本还未完工入库')
  if (l.state.finished && l.state.finished.quantity > 0) out.push(`成品还有库存 ${l.state.finished.quantity / 1000}公斤未售出`)
  for (const [m, pos] of Object.entries(l.state.members)) if (pos.owed !== 0) out.push(`农户 ${m}（${pos.name}）还未付清：尚欠 ${pos.owed} 分`)
  return out
}

/** The lot as the lot list shows it. */
export function summary(l: MockLot): LotSummary {
  const ms = Object.values(l.state.members)
  const sum = (f: (m: (typeof ms)[number]) => number) => ms.reduce((s, m) => s + f(m), 0)
  return {
    id: l.id, name: l.name, owner: 'mock-device-0001', ownedHere: true, openedOn: l.openedOn, rawProduct: l.product, phase: l.phase,
    phaseLabel: PHASE_LABELS[l.phase], households: ms.length, weight: sum((m) => m.weight), purchase: sum((m) => m.amount),
    paid: sum((m) => m.paid), owed: sum((m) => m.owed), revenue: l.state.pnl.revenue, margin: l.state.pnl.margin, duplicates: 0,
  }
}
