// The mock co-op (合作社) behind MockBackend: pooled lots posting the
// vouchers of DOMAIN.md's worked example (V1–V6) into MockBooks, seeded on
// first use with that example — ten households, 480 kg of live sheep at
// ¥28/kg = 1,344,000 fen, margin 228,000 fen — and a second sheep lot still
// buying. Same shapes and Chinese refusals as crates/app/src/coop.

import type { BackendError } from '../types'
import type { CoopBackend } from '../coop-backend'
import type {
  CostForm, ExportForm, FinishForm, IntakeForm, IntakeLine, LotForm, LotPhase, LotSummary, LotView,
  PayoutForm, PeriodForm, Posted, SaleForm, StepForm,
} from '../coop-types'
import { summary, unsettled, type MockLot } from './coop-lot'
import { MockBooks, amountOf, lineOf, parsePrice, parseUnit, parseWeight, parseYuan, rule } from './coop-books'

/** A household as the co-op sees it: 户编号 (member number), head's name. */
export interface CoopHousehold { id: string; code: string; name: string }

const PHASE_RULE: Record<LotPhase, string> = {
  collecting: '还在收购', processing: '已投入加工，不能再收购', finished: '已完工入库，不能再收购', closed: '已结束，不能再记账',
}
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T
const account = (from: string) => {
  const t = from.trim()
  if (['cash', '现金', '库存现金'].includes(t)) return '101'
  if (['bank', '银行', '银行存款'].includes(t)) return '102'
  throw { code: 'invalid', field: '收付方式', message: `收付方式：“${t}”不是收付方式，请写 现金（cash）或 银行（bank）` } satisfies BackendError
}

export class MockCoop implements CoopBackend {
  books = new MockBooks()
  /** Excel files the mock has "written", by path. */
  readonly coopFiles = new Map<string, ExportForm>()
  #lots: MockLot[] = []
  #seeded = false

  /** The village's households (MockBackend overrides). */
  protected coopHouseholds(): CoopHousehold[] { return [] }
  /** Today's local date (MockBackend overrides). */
  protected coopToday(): string { return new Date().toISOString().slice(0, 10) }

  #reply<T>(f: () => T): Promise<T> {
    return new Promise((resolve, reject) => queueMicrotask(() => {
      try {
        this.#seed()
        resolve(clone(f()))
      } catch (e) { reject(e) }
    }))
  }

  #household(key: string): CoopHousehold {
    const k = key.trim()
    const h = this.coopHouseholds().find((x) => x.code === k || x.id === k)
    if (!h) throw { code: 'not_found', message: `找不到户编号为“${k}”的农户，请检查户编号` } satisfies BackendError
    return h
  }

  #lot(id: string): MockLot {
    const l = this.#lots.find((x) => x.id === id.trim())
    if (!l) throw { code: 'not_found', message: `找不到批次“${id}”，请从批次列表中选择` } satisfies BackendError
    return l
  }

  #need(l: MockLot, phase: LotPhase) {
    if (l.phase !== phase) throw rule(`批次“${l.name}”${PHASE_RULE[l.phase]}`)
  }

  #record(l: MockLot, date: string, step: LotView['events'][number]['step'], posted: ReturnType<MockBooks['post']>[]): Posted {
    l.events.push({ date, device: 'mock-device-0001', step, vouchers: posted.map((v) => v.label), live: true })
    l.vouchers.push(...posted.map((v) => v.label))
    const vouchers = posted.map((v) => ({
      id: `${v.id.device}#${v.id.seq}`, label: v.label, summary: v.summary, amount: v.lines.reduce((s, [x]) => s + x.debit, 0),
    }))
    return { lot: l.id, vouchers }
  }

  #open(form: LotForm): MockLot {
    if (!form.name.trim()) throw { code: 'invalid', field: '批次名称', message: '批次名称：必须填写，如 2026年11月肉羊统一收购' } satisfies BackendError
    const date = form.date?.trim() || this.coopToday()
    const id = `A-${date.slice(0, 4)}-${String(this.#lots.length + 1).padStart(3, '0')}`
    const l: MockLot = {
      id, name: form.name.trim(), product: form.product.trim() || '活羊', openedOn: date, phase: 'collecting', events: [], vouchers: [],
      state: { phase: 'collecting', members: {}, raw: { account: '12101', quantity: 0, cost: 0 }, wip: 0, finished: null, processing_costs: 0,
        pnl: { revenue: 0, cost_of_sales: 0, expenses: 0, margin: 0 } },
    }
    this.#lots.push(l)
    l.events.push({ date, device: 'mock-device-0001', step: { step: 'opened', name: l.name, raw_product: l.product }, vouchers: [], live: true })
    return l
  }

  #intake(l: MockLot, form: IntakeForm): Posted {
    this.#need(l, 'collecting')
    const date = form.date?.trim() || this.coopToday()
    const many = form.rows.length > 1
    const lines: IntakeLine[] = form.rows.map((r, i) => {
      try {
        const h = this.#household(r.household)
        const unit = parseUnit(r.weightUnit)
        const weight = parseWeight(r.weight, unit)
        const price = parsePrice(r.price, parseUnit(r.priceUnit))
        return { member: h.code, name: h.name, head: r.head, weight, grade: r.grade.trim(), price, amount: amountOf(weight, price) }
      } catch (e) {
        throw many ? rule(`第${i + 1}行（${r.household}）：${(e as BackendError).message}`) : e
      }
    })
    if (lines.length === 0) throw rule('没有要收购的农户，请至少填写一行')
    const total = lines.reduce((s, x) => s + x.amount, 0)
    const kg = lines.reduce((s, x) => s + x.weight, 0) / 1000
    const v = this.books.post(date, `${l.name} 收购${l.product} ${lines.length}户 ${kg}公斤`, [
      lineOf('12101', `收购${l.product}`, total, 0),
      ...lines.map((x) => {
        this.books.names[`114.${x.member}`] = x.name
        return lineOf(`114.${x.member}`, `${x.name} 交售${l.product} ${x.weight / 1000}公斤`, 0, x.amount, x.member)
      }),
    ])
    for (const x of lines) {
      const m = l.state.members[x.member] ??= { name: x.name, head: 0, weight: 0, amount: 0, paid: 0, owed: 0, payouts: [] }
      m.head += x.head
      m.weight += x.weight
      m.amount += x.amount
      m.owed += x.amount
    }
    l.state.raw.quantity += lines.reduce((s, x) => s + x.weight, 0)
    l.state.raw.cost += total
    return this.#record(l, date, { step: 'intake', lines }, [v])
  }

  #setPhase(l: MockLot, phase: LotPhase) { l.phase = phase; l.state.phase = phase }

  #process(l: MockLot, form: StepForm): Posted {
    this.#need(l, 'collecting')
    if (l.state.raw.cost <= 0) throw rule(`批次“${l.name}”还没有收购，不能投入加工`)
    const date = form.date?.trim() || this.coopToday()
    const v = this.books.post(date, `${l.name} 投入加工`, [lineOf('401', '投入加工', l.state.raw.cost, 0), lineOf('12101', '投入加工', 0, l.state.raw.cost)])
    l.state.wip += l.state.raw.cost
    l.state.raw = { ...l.state.raw, quantity: 0, cost: 0 }
    this.#setPhase(l, 'processing')
    return this.#record(l, date, { step: 'processing' }, [v])
  }

  #cost(l: MockLot, form: CostForm): Posted {
    this.#need(l, 'processing')
    const date = form.date?.trim() || this.coopToday()
    const from = account(form.from)
    const items = form.items.map(([item, amount]) => [item.trim(), parseYuan(amount, '费用金额')] as const)
    const total = items.reduce((s, [, a]) => s + a, 0)
    const v = this.books.post(date, `${l.name} ${items.map(([i]) => i).join('、')}费用`, [
      ...items.map(([item, a]) => lineOf('401', item, a, 0)), lineOf(from, '支付加工费用', 0, total)])
    l.state.wip += total
    l.state.processing_costs += total
    return this.#record(l, date, { step: 'cost', items }, [v])
  }

  #finish(l: MockLot, form: FinishForm): Posted {
    this.#need(l, 'processing')
    const date = form.date?.trim() || this.coopToday()
    const output = parseWeight(form.output, parseUnit(form.unit))
    const v = this.books.post(date, `${l.name} 完工入库 ${form.product}`, [lineOf('12102', '完工入库', l.state.wip, 0), lineOf('401', '完工入库', 0, l.state.wip)])
    l.state.finished = { account: '12102', quantity: output, cost: l.state.wip }
    l.state.wip = 0
    this.#setPhase(l, 'finished')
    return this.#record(l, date, { step: 'finished', product: form.product, output }, [v])
  }

  #sale(l: MockLot, form: SaleForm): Posted {
    this.#need(l, 'finished')
    const stock = l.state.finished
    if (!stock) throw rule(`批次“${l.name}”没有库存可以销售`)
    const date = form.date?.trim() || this.coopToday()
    const unit = parseUnit(form.unit)
    const qty = parseWeight(form.quantity, unit)
    if (qty > stock.quantity) throw rule(`库存只有 ${stock.quantity / 1000} 公斤，不能卖出 ${qty / 1000} 公斤`)
    const revenue = amountOf(qty, parsePrice(form.price, unit))
    const cost = qty === stock.quantity ? stock.cost : Math.floor((2 * stock.cost * qty + stock.quantity) / (2 * stock.quantity))
    const into = account(form.into)
    const a = this.books.post(date, `${l.name} 销售给${form.buyer}`, [lineOf(into, '销售收入', revenue, 0), lineOf('501', '销售收入', 0, revenue)])
    const b = this.books.post(date, `${l.name} 结转销售成本`, [lineOf('521', '结转成本', cost, 0), lineOf('12102', '结转成本', 0, cost)])
    stock.quantity -= qty
    stock.cost -= cost
    const p = l.state.pnl
    p.revenue += revenue
    p.cost_of_sales += cost
    p.margin = p.revenue - p.cost_of_sales - p.expenses
    return this.#record(l, date, { step: 'sale', buyer: form.buyer, quantity: qty, amount: revenue }, [a, b])
  }

  #payout(l: MockLot, form: PayoutForm): Posted {
    const date = form.date?.trim() || this.coopToday()
    const from = account(form.from)
    const members = form.households.length ? form.households.map((h) => this.#household(h).code) : Object.keys(l.state.members).filter((m) => l.state.members[m].owed > 0)
    if (members.length === 0) throw rule(`批次“${l.name}”没有待付款的农户`)
    const pays = members.map((m) => {
      const pos = l.state.members[m]
      if (!pos) throw rule(`农户 ${m} 没有向批次“${l.name}”交售，不能付款`)
      const amount = form.amount?.trim() ? parseYuan(form.amount, '付款金额') : pos.owed
      if (amount <= 0 || amount > pos.owed) throw rule(`农户 ${m}（${pos.name}）尚欠 ${pos.owed} 分，付款 ${amount} 分会重复付款，请核对`)
      return [m, pos, amount] as const
    })
    const total = pays.reduce((s, [, , a]) => s + a, 0)
    const v = this.books.post(date, `${l.name} 付款到户 ${pays.length}户`, [
      ...pays.map(([m, pos, a]) => lineOf(`114.${m}`, `${pos.name} 收购款`, a, 0, m)), lineOf(from, '付款到户', 0, total)])
    for (const [, pos, a] of pays) {
      pos.paid += a
      pos.owed -= a
      pos.payouts.push([form.kind === 'advance' ? 'advance' : 'purchase', a, v.id])
    }
    return this.#record(l, date, { step: 'payout', payouts: pays.map(([member, , amount]) => ({ member, amount })) }, [v])
  }

  #close(l: MockLot, form: StepForm): LotSummary {
    if (l.phase === 'closed') throw rule(`批次“${l.name}”已经结束`)
    const open = unsettled(l)
    if (open.length) throw rule(`批次“${l.name}”还不能结束：${open.join('；')}`)
    this.#setPhase(l, 'closed')
    l.events.push({ date: form.date?.trim() || this.coopToday(), device: 'mock-device-0001', step: { step: 'closed' }, vouchers: [], live: true })
    return summary(l)
  }

  #view(l: MockLot): LotView {
    const vouchers = this.books.vouchers.filter((v) => l.vouchers.includes(v.label))
    return { summary: summary(l), state: l.state, unsettled: unsettled(l), events: l.events, vouchers, duplicates: [] }
  }

  #member(key: string) {
    const h = this.#household(key)
    const vols = this.#lots.filter((l) => l.state.members[h.code]).map((l) => {
      const m = l.state.members[h.code]
      return { lot: l.id, lot_name: l.name, head: m.head, weight: m.weight, amount: m.amount }
    })
    if (vols.length === 0) throw rule(`农户“${key}”还没有和合作社发生过交易，不是账上的成员`)
    return { h, vols }
  }

  /** DOMAIN.md's worked example, then a second sheep lot still buying. */
  /** Forget the co-op's books and lots (the village's database was replaced). */
  protected coopReset() {
    this.books = new MockBooks()
    this.coopFiles.clear()
    this.#lots = []
    this.#seeded = false
  }

  #seed() {
    if (this.#seeded) return
    const hs = this.coopHouseholds()
    if (hs.length < 14) return
    this.#seeded = true
    const year = this.coopToday().slice(0, 4)
    this.books.post(`${year}-01-05`, '收到成员股金', [lineOf('101', '成员股金', 100_000, 0), lineOf('301', '成员股金', 0, 100_000)])
    const a = this.#open({ name: '肉羊统一收购（第一批）', product: '活羊', date: `${year}-01-20` })
    const price = '28'
    this.#intake(a, { date: `${year}-01-20`, rows: hs.slice(0, 10).map((h, i) => ({ household: h.code, head: 2 + (i % 2), weight: String(46 + (i % 5)), price, grade: '一等' })) })
    this.#process(a, { date: `${year}-01-22` })
    this.#cost(a, { date: `${year}-01-22`, items: [['屠宰', '300'], ['包装', '200'], ['运输', '100']], from: '现金' })
    this.#finish(a, { date: `${year}-01-23`, product: '羊肉', output: '240' })
    this.#sale(a, { date: `${year}-01-25`, buyer: '县城超市', quantity: '240', price: '68', into: '银行' })
    this.#payout(a, { date: `${year}-02-05`, households: [], from: '银行' })
    this.#close(a, { date: `${year}-02-06` })
    const b = this.#open({ name: '肉羊统一收购（第二批）', product: '活羊', date: this.coopToday() })
    this.#intake(b, { rows: hs.slice(10, 13).map((h) => ({ household: h.code, head: 1, weight: '45', price: '29', grade: '一等' })) })
  }

  coopLotList() { return this.#reply(() => [...this.#lots].reverse().map((l) => summary(l))) }
  coopLotShow(lot: string) { return this.#reply(() => this.#view(this.#lot(lot))) }
  coopLotOpen(form: LotForm) { return this.#reply(() => summary(this.#open(form))) }
  coopLotIntake(lot: string, form: IntakeForm) { return this.#reply(() => this.#intake(this.#lot(lot), form)) }
  coopLotProcess(lot: string, form: StepForm) { return this.#reply(() => this.#process(this.#lot(lot), form)) }
  coopLotCost(lot: string, form: CostForm) { return this.#reply(() => this.#cost(this.#lot(lot), form)) }
  coopLotFinish(lot: string, form: FinishForm) { return this.#reply(() => this.#finish(this.#lot(lot), form)) }
  coopLotSale(lot: string, form: SaleForm) { return this.#reply(() => this.#sale(this.#lot(lot), form)) }
  coopLotPayout(lot: string, form: PayoutForm) { return this.#reply(() => this.#payout(this.#lot(lot), form)) }
  coopLotClose(lot: string, form: StepForm) { return this.#reply(() => this.#close(this.#lot(lot), form)) }

  coopJournal(p: PeriodForm) { return this.#reply(() => this.books.journal(p, this.coopToday())) }
  coopTrialBalance(p: PeriodForm) { return this.#reply(() => this.books.trialBalance(p, this.coopToday())) }
  coopMemberStatement(household: string, p: PeriodForm) {
    return this.#reply(() => {
      const { h, vols } = this.#member(household)
      return this.books.statement(h.code, h.name, h.id, p, this.coopToday(), vols)
    })
  }
  coopDuplicates() { return this.#reply(() => []) }
  coopFixDuplicate(lot: string, household: string, _voucher: string | null = null) {
    return this.#reply((): Posted => { throw rule(`批次“${lot}”中农户 ${household} 没有被标记为重复的付款，不需要处理`) })
  }

  coopPrintReceipt(lot: string, household: string) {
    return this.#reply(() => {
      const l = this.#lot(lot)
      const { h } = this.#member(household)
      const m = l.state.members[h.code]
      if (!m) throw rule(`农户 ${h.name} 没有向批次“${l.name}”交售`)
      return page(`收购单 ${l.name} ${h.name}`, `<p>交售 ${m.head} 头，${m.weight / 1000} 公斤，金额 ${m.amount} 分</p>`)
    })
  }
  coopPrintLot(lot: string) { return this.#reply(() => { const l = this.#lot(lot); return page(`批次结算表 ${l.name}`, `<p>${l.events.length} 项业务</p>`) }) }
  coopPrintStatement(household: string, p: PeriodForm) {
    return this.#reply(() => {
      const { h, vols } = this.#member(household)
      const s = this.books.statement(h.code, h.name, h.id, p, this.coopToday(), vols)
      return page(`成员账户 ${h.name}`, `<p>${s.statement.rows.length} 笔</p>`)
    })
  }
  coopExport(form: ExportForm, path: string) {
    return this.#reply(() => {
      const rows = form.report === 'journal' ? this.books.journal(form, this.coopToday()).length
        : form.report === 'trialBalance' ? this.books.trialBalance(form, this.coopToday()).rows.length : 1
      this.coopFiles.set(path, form)
      return rows
    })
  }
}

function page(title: string, body: string) {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`
}
