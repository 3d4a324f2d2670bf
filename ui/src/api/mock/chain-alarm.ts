// The mock's broken voucher chains, with the rules of
// crates/app/src/sync_desk/chain_alarm.rs: the pretend hub can be told that
// it found a device's chain broken (`hubFinds`, for tests and the dev mock);
// it then tells it at every exchange; the laptop keeps each break once, until
// a person acknowledges it, and a break told again stays acknowledged.

import type { BackendError } from '../types'
import type { ChainAlarm, ChainAlarmVoucher } from '../sync-types'

/** A break as the hub reports it (what `PushAck.chain_breaks` carries), with the vouchers the laptop holds. */
export interface MockChainBreak {
  device: string
  seq: number
  message: string
  vouchers?: ChainAlarmVoucher[]
}

/** The break the hub tests use: the laptop's second voucher altered after posting. */
export function alteredSecondVoucher(device: string): MockChainBreak {
  return {
    device, seq: 3,
    message: `设备“${device}”的凭证链在第2张与第3张之间断开：第2张凭证的内容（或第3张记录的链接）在记账后被改动`,
    vouchers: [{ seq: 2, label: '2026-11 A-0002（现金收入）' }, { seq: 3, label: '2026-11 A-0003（现金收入）' }],
  }
}

export class MockChainAlarms {
  private notes: ChainAlarm[] = []
  private readonly held: MockChainBreak[] = []

  /** The pretend hub found this break; it tells it from the next exchange on. */
  hubFinds(b: MockChainBreak) {
    if (!this.held.some((h) => h.device === b.device && h.seq === b.seq)) this.held.push(b)
  }

  /** An exchange: keep what the hub told; how many breaks are new here. */
  receive(nowMs: number, thisDevice: string): number {
    let added = 0
    for (const b of this.held) {
      const known = this.notes.find((n) => n.device === b.device && n.seq === b.seq)
      if (known) {
        known.lastSeenMs = nowMs
        known.message = b.message
        continue
      }
      added += 1
      this.notes.push({
        device: b.device, seq: b.seq, message: b.message, thisLaptop: b.device === thisDevice,
        vouchers: b.vouchers ?? [], firstSeenMs: nowMs, lastSeenMs: nowMs, acknowledged: null,
      })
    }
    return added
  }

  acknowledge(device: string, seq: number, by: string, nowMs: number) {
    const n = this.notes.find((x) => x.device === device && x.seq === seq)
    if (!n) throw { code: 'not_found', message: `找不到凭证链告警“设备 ${device} 第 ${seq} 张”，请检查后重试` } satisfies BackendError
    n.acknowledged ??= { by, atMs: nowMs }
  }

  /** Open ones first, newest first. */
  list(): ChainAlarm[] {
    return [...this.notes].sort((a, b) =>
      Number(a.acknowledged !== null) - Number(b.acknowledged !== null) || b.firstSeenMs - a.firstSeenMs)
  }
}
