// The co-op part of the backend seam (Backend extends it): lots, books,
// print views and Excel exports. Implemented by coop-tauri.ts (the desktop
// app) and mock/coop.ts (tests).

import type {
  CostForm, DuplicateView, ExportForm, FinishForm, IntakeForm, JournalEntry, LotForm, LotSummary, LotView,
  MemberStatementView, PayoutForm, PeriodForm, Posted, SaleForm, StepForm, TrialBalance,
} from './coop-types'

export interface CoopBackend {
  coopLotList(): Promise<LotSummary[]>
  coopLotShow(lot: string): Promise<LotView>
  coopLotOpen(form: LotForm): Promise<LotSummary>
  coopLotIntake(lot: string, form: IntakeForm): Promise<Posted>
  coopLotProcess(lot: string, form: StepForm): Promise<Posted>
  coopLotCost(lot: string, form: CostForm): Promise<Posted>
  coopLotFinish(lot: string, form: FinishForm): Promise<Posted>
  coopLotSale(lot: string, form: SaleForm): Promise<Posted>
  coopLotPayout(lot: string, form: PayoutForm): Promise<Posted>
  coopLotClose(lot: string, form: StepForm): Promise<LotSummary>

  coopJournal(period: PeriodForm): Promise<JournalEntry[]>
  coopTrialBalance(period: PeriodForm): Promise<TrialBalance>
  coopMemberStatement(household: string, period: PeriodForm): Promise<MemberStatementView>
  coopDuplicates(): Promise<DuplicateView[]>
  coopFixDuplicate(lot: string, household: string, voucher: string | null): Promise<Posted>

  /** A4 HTML pages rendered by the backend, to print. */
  coopPrintReceipt(lot: string, household: string): Promise<string>
  coopPrintLot(lot: string): Promise<string>
  coopPrintStatement(household: string, period: PeriodForm): Promise<string>

  /** Save a report as Excel at `path` (from chooseExportPath); the rows written. */
  coopExport(form: ExportForm, path: string): Promise<number>
}
