// The co-op commands of the desktop app (src-tauri/src/commands/coop.rs),
// one invoke each. TauriBackend extends this class.

import { invoke } from '@tauri-apps/api/core'
import type { CoopBackend } from './coop-backend'
import type {
  CostForm, DuplicateView, ExportForm, FinishForm, IntakeForm, JournalEntry, LotForm, LotSummary, LotView,
  MemberStatementView, PayoutForm, PeriodForm, Posted, SaleForm, StepForm, TrialBalance,
} from './coop-types'

/** Command names, shared with the IPC mock of the browser tests. */
export const COOP_COMMANDS = {
  coopLotList: 'coop_lot_list',
  coopLotShow: 'coop_lot_show',
  coopLotOpen: 'coop_lot_open',
  coopLotIntake: 'coop_lot_intake',
  coopLotProcess: 'coop_lot_process',
  coopLotCost: 'coop_lot_cost',
  coopLotFinish: 'coop_lot_finish',
  coopLotSale: 'coop_lot_sale',
  coopLotPayout: 'coop_lot_payout',
  coopLotClose: 'coop_lot_close',
  coopJournal: 'coop_journal',
  coopTrialBalance: 'coop_trial_balance',
  coopMemberStatement: 'coop_member_statement',
  coopDuplicates: 'coop_duplicates',
  coopFixDuplicate: 'coop_fix_duplicate',
  coopPrintReceipt: 'coop_print_receipt',
  coopPrintLot: 'coop_print_lot',
  coopPrintStatement: 'coop_print_statement',
  coopExport: 'coop_export',
} as const

const C = COOP_COMMANDS

export class TauriCoop implements CoopBackend {
  coopLotList() { return invoke<LotSummary[]>(C.coopLotList) }
  coopLotShow(lot: string) { return invoke<LotView>(C.coopLotShow, { lot }) }
  coopLotOpen(form: LotForm) { return invoke<LotSummary>(C.coopLotOpen, { form }) }
  coopLotIntake(lot: string, form: IntakeForm) { return invoke<Posted>(C.coopLotIntake, { lot, form }) }
  coopLotProcess(lot: string, form: StepForm) { return invoke<Posted>(C.coopLotProcess, { lot, form }) }
  coopLotCost(lot: string, form: CostForm) { return invoke<Posted>(C.coopLotCost, { lot, form }) }
  coopLotFinish(lot: string, form: FinishForm) { return invoke<Posted>(C.coopLotFinish, { lot, form }) }
  coopLotSale(lot: string, form: SaleForm) { return invoke<Posted>(C.coopLotSale, { lot, form }) }
  coopLotPayout(lot: string, form: PayoutForm) { return invoke<Posted>(C.coopLotPayout, { lot, form }) }
  coopLotClose(lot: string, form: StepForm) { return invoke<LotSummary>(C.coopLotClose, { lot, form }) }

  coopJournal(period: PeriodForm) { return invoke<JournalEntry[]>(C.coopJournal, { period }) }
  coopTrialBalance(period: PeriodForm) { return invoke<TrialBalance>(C.coopTrialBalance, { period }) }
  coopMemberStatement(household: string, period: PeriodForm) {
    return invoke<MemberStatementView>(C.coopMemberStatement, { household, period })
  }
  coopDuplicates() { return invoke<DuplicateView[]>(C.coopDuplicates) }
  coopFixDuplicate(lot: string, household: string, voucher: string | null) {
    return invoke<Posted>(C.coopFixDuplicate, { lot, household, voucher })
  }

  coopPrintReceipt(lot: string, household: string) { return invoke<string>(C.coopPrintReceipt, { lot, household }) }
  coopPrintLot(lot: string) { return invoke<string>(C.coopPrintLot, { lot }) }
  coopPrintStatement(household: string, period: PeriodForm) {
    return invoke<string>(C.coopPrintStatement, { household, period })
  }

  coopExport(form: ExportForm, path: string) { return invoke<number>(C.coopExport, { form, path }) }
}
