// The co-op commands of the IPC mock (see ipc-mock.ts): each answered by the
// in-memory MockBackend, with argument names checked against coop-tauri.ts.

import type { MockBackend } from '../src/api/mock'
import { COOP_COMMANDS as C } from '../src/api/coop-tauri'

type Args = Record<string, unknown>
type Arg = <T>(args: Args, name: string) => T

export function coopHandlers(backend: MockBackend, arg: Arg): Record<string, (a: Args) => unknown> {
  return {
    [C.coopLotList]: () => backend.coopLotList(),
    [C.coopLotShow]: (a) => backend.coopLotShow(arg(a, 'lot')),
    [C.coopLotOpen]: (a) => backend.coopLotOpen(arg(a, 'form')),
    [C.coopLotIntake]: (a) => backend.coopLotIntake(arg(a, 'lot'), arg(a, 'form')),
    [C.coopLotProcess]: (a) => backend.coopLotProcess(arg(a, 'lot'), arg(a, 'form')),
    [C.coopLotCost]: (a) => backend.coopLotCost(arg(a, 'lot'), arg(a, 'form')),
    [C.coopLotFinish]: (a) => backend.coopLotFinish(arg(a, 'lot'), arg(a, 'form')),
    [C.coopLotSale]: (a) => backend.coopLotSale(arg(a, 'lot'), arg(a, 'form')),
    [C.coopLotPayout]: (a) => backend.coopLotPayout(arg(a, 'lot'), arg(a, 'form')),
    [C.coopLotClose]: (a) => backend.coopLotClose(arg(a, 'lot'), arg(a, 'form')),
    [C.coopJournal]: (a) => backend.coopJournal(arg(a, 'period')),
    [C.coopTrialBalance]: (a) => backend.coopTrialBalance(arg(a, 'period')),
    [C.coopMemberStatement]: (a) => backend.coopMemberStatement(arg(a, 'household'), arg(a, 'period')),
    [C.coopDuplicates]: () => backend.coopDuplicates(),
    [C.coopFixDuplicate]: (a) => backend.coopFixDuplicate(arg(a, 'lot'), arg(a, 'household'), arg(a, 'voucher')),
    [C.coopPrintReceipt]: (a) => backend.coopPrintReceipt(arg(a, 'lot'), arg(a, 'household')),
    [C.coopPrintLot]: (a) => backend.coopPrintLot(arg(a, 'lot')),
    [C.coopPrintStatement]: (a) => backend.coopPrintStatement(arg(a, 'household'), arg(a, 'period')),
    [C.coopExport]: (a) => backend.coopExport(arg(a, 'form'), arg(a, 'path')),
  }
}
