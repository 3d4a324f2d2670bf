// Shapes of the co-op commands (src-tauri/src/commands/coop.rs), as the
// Rust façade serializes them (crates/app/src/coop/view.rs and the ledger's
// report types). Money is integer fen, weights integer grams: never floats.

/** Integer fen (分). */
export type Fen = number
/** Integer grams. */
export type Grams = number

export type LotPhase = 'collecting' | 'processing' | 'finished' | 'closed'

export interface LotSummary {
  id: string
  name: string
  owner: string
  ownedHere: boolean
  openedOn: string
  rawProduct: string
  phase: LotPhase
  phaseLabel: string
  households: number
  weight: Grams
  purchase: Fen
  paid: Fen
  owed: Fen
  revenue: Fen
  margin: Fen
  duplicates: number
}

export interface VoucherId { device: string; seq: number }

/** [kind, amount, voucher] of one payout. */
export type PayoutEntry = ['advance' | 'purchase', Fen, VoucherId]

export interface MemberPosition {
  name: string
  head: number
  weight: Grams
  amount: Fen
  paid: Fen
  owed: Fen
  payouts: PayoutEntry[]
}

export interface LotState {
  phase: LotPhase
  members: Record<string, MemberPosition>
  raw: { account: string; quantity: Grams; cost: Fen }
  wip: Fen
  finished: { account: string; quantity: Grams; cost: Fen } | null
  processing_costs: Fen
  pnl: { revenue: Fen; cost_of_sales: Fen; expenses: Fen; margin: Fen }
}

export interface IntakeLine {
  member: string
  name: string
  head: number
  weight: Grams
  grade: string
  price: { fen: Fen; unit: 'Kg' | 'Jin' }
  amount: Fen
}

/** A lot event; `step` says which, the other fields depend on it. */
export interface LotStepView {
  step: string
  lines?: IntakeLine[]
  [key: string]: unknown
}

export interface LotEventView {
  date: string
  device: string
  step: LotStepView
  vouchers: string[]
  live: boolean
}

export interface VoucherLine {
  account: string
  memo: string
  debit: Fen
  credit: Fen
  member?: string
  quantity?: Grams
}

export interface JournalEntry {
  id: VoucherId
  label: string
  date: string
  summary: string
  /** Each line with its account's name. */
  lines: [VoucherLine, string][]
  reversal: boolean
  reversed: boolean
}

export interface PayoutKey { lot: string; member: string; kind: string }
/** One payout of a household in a lot, as the ledger's payout records. */
export interface PayoutRecord { key: PayoutKey; amount: Fen; date: string; device: string; voucher: VoucherId }

/** A household paid twice for the same thing (made offline on two laptops). */
export interface DuplicatePayout {
  key: PayoutKey
  kept: PayoutRecord
  duplicates: PayoutRecord[]
}

export interface LotView {
  summary: LotSummary
  state: LotState
  unsettled: string[]
  events: LotEventView[]
  vouchers: JournalEntry[]
  duplicates: DuplicatePayout[]
}

export interface PostedVoucher { id: string; label: string; summary: string; amount: Fen }
export interface Posted { lot: string | null; vouchers: PostedVoucher[] }

export interface SignForm { handler?: string; approver?: string; accountant?: string; cashier?: string }
export interface StepForm { date?: string; sign?: SignForm }

export interface LotForm { name: string; product: string; date?: string }

/** One delivery as typed: weight and price are text, parsed by the backend. */
export interface IntakeRow {
  household: string
  head: number
  weight: string
  weightUnit?: 'kg' | '斤'
  price: string
  priceUnit?: 'kg' | '斤'
  grade: string
}
export interface IntakeForm extends StepForm { rows: IntakeRow[] }
export interface CostForm extends StepForm { items: [string, string][]; from: string }
export interface FinishForm extends StepForm { product: string; output: string; unit?: string }
export interface SaleForm extends StepForm { buyer: string; quantity: string; unit?: string; price: string; into: string }
export interface PayoutForm extends StepForm { households: string[]; amount?: string; kind?: string; from: string }

export interface PeriodForm { from?: string; to?: string }

export interface Columns { debit: Fen; credit: Fen }
export interface TrialBalanceRow { code: string; name: string; level: number; opening: Columns; period: Columns; closing: Columns }
export interface TrialBalance { balanced: boolean; from: string; to: string; rows: TrialBalanceRow[]; total: TrialBalanceRow }

export interface StatementRow {
  date: string
  voucher: string
  account: string
  account_name: string
  summary: string
  debit: Fen
  credit: Fen
  balance: Fen
}
export interface VolumeRow { lot: string; lot_name: string; head: number; weight: Grams; amount: Fen }
export interface MemberStatementView {
  member: string
  name: string
  householdId: string
  statement: {
    member: string
    opening: Record<string, Fen>
    rows: StatementRow[]
    closing: Record<string, Fen>
    volumes: VolumeRow[]
    total_weight: Grams
    total_amount: Fen
  }
}

export interface DuplicateView {
  lot: string
  lotName: string
  member: string
  name: string
  kind: string
  duplicateVouchers: string[]
}

export type ExportReport = 'journal' | 'trialBalance' | 'ledger' | 'statement'
export interface ExportForm extends PeriodForm { report: ExportReport; account?: string; household?: string }
