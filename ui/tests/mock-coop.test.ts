// The mock co-op follows DOMAIN.md's worked example to the fen, so the
// screens are tested against the same figures the Rust books produce.

import { describe, expect, it } from 'vitest'
import { demoBackend } from './mount'

describe('mock co-op', () => {
  it('seeds the worked example: 480 kg at ¥28/kg, margin 228,000 fen, books balanced', async () => {
    const backend = demoBackend(60)
    const lots = await backend.coopLotList()
    expect(lots.map((l) => l.phase)).toEqual(['collecting', 'closed'])
    const first = lots[1]
    expect(first).toMatchObject({ households: 10, weight: 480_000, purchase: 1_344_000, paid: 1_344_000, owed: 0, revenue: 1_632_000, margin: 228_000 })
    const view = await backend.coopLotShow(first.id)
    expect(view.vouchers.map((v) => v.lines.reduce((s, [l]) => s + l.debit, 0))).toEqual([1_344_000, 1_344_000, 60_000, 1_404_000, 1_632_000, 1_404_000, 1_344_000])
    const tb = await backend.coopTrialBalance({})
    expect(tb.balanced).toBe(true)
    expect(tb.rows.find((r) => r.code === '114')?.closing).toEqual({ debit: 0, credit: 3 * 130_500 })
  })

  it('refuses a payout that would pay a household twice, and closing while owed', async () => {
    const backend = demoBackend(60)
    const [buying] = await backend.coopLotList()
    const member = Object.keys((await backend.coopLotShow(buying.id)).state.members)[0]
    await backend.coopLotPayout(buying.id, { households: [member], from: '银行' })
    await expect(backend.coopLotPayout(buying.id, { households: [member], from: '银行' })).rejects.toMatchObject({ code: 'rule' })
    await expect(backend.coopLotClose(buying.id, {})).rejects.toMatchObject({ message: expect.stringContaining('还不能结束') })
    expect((await backend.coopTrialBalance({})).balanced).toBe(true)
  })
})
