// The mock co-op's books: a small chart, balanced vouchers, the journal,
// the trial balance rolled up to top-level accounts and a member account
// statement — the same shapes and rules as crates/ledger, integers only.
// Also the text parsing of weights, prices and yuan the Rust side does
// (crates/app/src/coop/input.rs), without floats.

import type { BackendError } from '../types'
import type {
  Fen, Grams, JournalEntry, MemberStatementView, PeriodForm, TrialBalance, TrialBalanceRow, VoucherLine,
} from '../coop-types'
import { invalid } from './validation'

export const CHART: Record<string, string> = {
  '101': '库存现金', '102': '银行存款', '114': '成员往来', '121': '产品物资', '12101': '活羊', '12102': '羊肉',
  '301': '股金', '401': '生产成本', '501': '经营收入', '521': '经营支出',
}

export const rule = (message: string): BackendError => ({ code: 'rule', message })

/** A decimal text as an integer count of 1/scale units, or null. */
function scaled(text: string, scale: number, decimals: number): number | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (!m || (m[2] ?? '').length > decimals) return null
  const frac = (m[2] ?? '').padEnd(decimals, '0')
  return Number(m[1]) * scale + (decimals ? Number(frac) * (scale / 10 ** decimals) : 0)
}

export type Unit = 'kg' | '斤'

/** `kg`/`公斤`/`千克` or `斤`; kg when blank. */
export function parseUnit(text: string | undefined): Unit {
  const t = (text ?? '').trim()
  if (['', 'kg', 'KG', '公斤', '千克'].includes(t)) return 'kg'
  if (t === '斤' || t === 'jin') return '斤'
  throw invalid('计量单位', `“${t}”不是重量单位，请写 kg（公斤）或 斤`)
}

/** `54`, `54.5kg`, `108斤` → grams, more than zero. */
export function parseWeight(text: string, unit: Unit): Grams {
  const m = /^\s*([\d.]+)\s*(kg|KG|公斤|千克|斤)?\s*$/.exec(text)
  const u = m?.[2] ? parseUnit(m[2]) : unit
  const g = m ? scaled(m[1], u === 'kg' ? 1000 : 500, 3) : null
  if (g === null || !Number.isInteger(g)) throw invalid('重量', `“${text}”不是有效的重量，请写成如 54、54.5 或 108斤`)
  if (g <= 0) throw invalid('重量', `重量“${text}”必须大于零`)
  return g
}

/** Yuan text (`1234.56`, `¥1,234.5`) → fen. */
export function parseYuan(text: string, field: string): Fen {
  const f = scaled(text.replace(/[¥,，\s元]/g, ''), 100, 2)
  if (f === null) throw invalid(field, `“${text}”不是有效的金额，请写成如 1234.56`)
  if (f <= 0) throw invalid(field, `金额“${text}”必须大于零`)
  return f
}

export interface UnitPrice { fen: Fen; unit: 'Kg' | 'Jin' }

/** `28`, `28/kg`, `14元/斤` → fen per kg or per 斤. */
export function parsePrice(text: string, unit: Unit): UnitPrice {
  const [amount, per] = text.includes('/') ? text.split('/', 2) : [text, undefined]
  const u = per === undefined ? unit : parseUnit(per)
  const fen = scaled(amount.replace(/[¥元\s]/g, ''), 100, 2)
  if (fen === null) throw invalid('单价', `“${text}”不是有效的单价，请写成如 28 或 28/kg、14/斤`)
  if (fen <= 0) throw invalid('单价', `单价“${text}”必须大于零`)
  return { fen, unit: u === 'kg' ? 'Kg' : 'Jin' }
}

/** weight × price, rounded half up to the fen (crates/ledger/src/price.rs). */
export function amountOf(weight: Grams, price: UnitPrice): Fen {
  const per = price.unit === 'Kg' ? 1000 : 500
  return Math.floor((2 * weight * price.fen + per) / (2 * per))
}

export function lineOf(account: string, memo: string, debit: Fen, credit: Fen, member?: string): VoucherLine {
  return member ? { account, memo, debit, credit, member } : { account, memo, debit, credit }
}

/** The books: vouchers in order, member account names. */
export class MockBooks {
  vouchers: JournalEntry[] = []
  readonly names: Record<string, string> = { ...CHART }
  private seq = 0

  name(code: string) { return this.names[code] ?? code }

  post(date: string, summary: string, lines: VoucherLine[]): JournalEntry {
    const debit = lines.reduce((s, l) => s + l.debit, 0)
    const credit = lines.reduce((s, l) => s + l.credit, 0)
    if (debit !== credit || debit <= 0) throw { code: 'unbalanced', message: `凭证借贷不平：借方 ${debit} 分，贷方 ${credit} 分` } satisfies BackendError
    this.seq += 1
    const month = date.slice(0, 7)
    const n = this.vouchers.filter((v) => v.date.startsWith(month)).length + 1
    const v: JournalEntry = {
      id: { device: 'mock-device-0001', seq: this.seq }, label: `${month} A-${String(n).padStart(4, '0')}`,
      date, summary, lines: lines.map((l) => [l, this.name(l.account)]), reversal: false, reversed: false,
    }
    this.vouchers.push(v)
    return v
  }

  journal(p: PeriodForm, today: string): JournalEntry[] {
    const [from, to] = period(p, today)
    return this.vouchers.filter((v) => v.date >= from && v.date <= to).sort((a, b) => a.date.localeCompare(b.date) || a.id.seq - b.id.seq)
  }

  trialBalance(p: PeriodForm, today: string): TrialBalance {
    const [from, to] = period(p, today)
    const rows = new Map<string, TrialBalanceRow>()
    const row = (code: string) => {
      let r = rows.get(code)
      if (!r) {
        const level = code.includes('.') ? 2 : code.length > 3 ? 2 : 1
        r = { code, name: this.name(code), level, opening: cols(), period: cols(), closing: cols() }
        rows.set(code, r)
      }
      return r
    }
    Object.keys(CHART).filter((c) => c.length === 3).forEach(row)
    for (const v of this.vouchers.filter((x) => x.date <= to)) {
      for (const [l] of v.lines) {
        const parent = l.account.includes('.') ? l.account.split('.')[0] : l.account.slice(0, 3)
        for (const code of parent === l.account ? [l.account] : [parent, l.account]) {
          const c = v.date < from ? row(code).opening : row(code).period
          c.debit += l.debit
          c.credit += l.credit
        }
      }
    }
    for (const r of rows.values()) {
      net(r.opening)
      const d = r.opening.debit - r.opening.credit + r.period.debit - r.period.credit
      r.closing = d >= 0 ? { debit: d, credit: 0 } : { debit: 0, credit: -d }
    }
    const sorted = [...rows.values()].sort((a, b) => a.code.localeCompare(b.code))
    const total: TrialBalanceRow = { code: '', name: '合计', level: 0, opening: cols(), period: cols(), closing: cols() }
    for (const r of sorted.filter((x) => x.level === 1)) {
      for (const k of ['opening', 'period', 'closing'] as const) {
        total[k].debit += r[k].debit
        total[k].credit += r[k].credit
      }
    }
    const balanced = (['opening', 'period', 'closing'] as const).every((k) => total[k].debit === total[k].credit)
    return { balanced, from, to, rows: sorted, total }
  }

  statement(member: string, name: string, householdId: string, p: PeriodForm, today: string,
    volumes: MemberStatementView['statement']['volumes']): MemberStatementView {
    const [from, to] = period(p, today)
    const account = `114.${member}`
    let balance = 0
    let opening = 0
    const rows: MemberStatementView['statement']['rows'] = []
    for (const v of this.journal({ from: '0000-01-01', to }, today)) {
      for (const [l] of v.lines.filter(([x]) => x.account === account)) {
        balance += l.credit - l.debit
        if (v.date < from) { opening = balance; continue }
        rows.push({ date: v.date, voucher: v.label, account, account_name: '成员往来', summary: v.summary, debit: l.debit, credit: l.credit, balance })
      }
    }
    return {
      member, name, householdId,
      statement: {
        member, opening: { [account]: opening }, rows, closing: { [account]: balance }, volumes,
        total_weight: volumes.reduce((s, x) => s + x.weight, 0), total_amount: volumes.reduce((s, x) => s + x.amount, 0),
      },
    }
  }
}

const cols = () => ({ debit: 0, credit: 0 })
function net(c: { debit: number; credit: number }) {
  const d = c.debit - c.credit
  c.debit = Math.max(d, 0)
  c.credit = Math.max(-d, 0)
}

/** [from, to]: this year up to today by default, as the façade's `range`. */
export function period(p: PeriodForm, today: string): [string, string] {
  const to = p.to?.trim() || today
  const from = p.from?.trim() || `${to.slice(0, 4)}-01-01`
  if (from > to) throw invalid('日期', `开始日期 ${from} 晚于结束日期 ${to}`)
  return [from, to]
}
