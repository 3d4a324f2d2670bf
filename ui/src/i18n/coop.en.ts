// English strings of the co-op screens; keys follow coop.zh-CN.ts.

import type coopZh from './coop.zh-CN'

const coopEn: typeof coopZh = {
  coop: {
    nav: 'Co-op', ok: 'OK', cash: 'Cash', bank: 'Bank',
    lots: {
      title: 'Co-op · pooled lots', new: 'New lot', books: 'Books (vouchers, trial balance, member accounts)',
      empty: 'No lots yet: click “New lot” to start a pooled purchase', name: 'Lot name', nameHint: 'e.g. Sheep, November 2026',
      product: 'Product bought', date: 'Opened on', create: 'Open lot', phase: 'Status', households: 'Households', weight: 'Weight',
      purchase: 'Purchase', owed: 'Unpaid', revenue: 'Sales', margin: 'Margin',
    },
    lot: {
      back: 'Back to the co-op', print: 'Print lot statement', notOwned: 'Another laptop opened this lot: intake, sales and closing happen there; here you can view and print.',
      purchase: 'Purchase', costs: 'Processing costs', revenue: 'Sales', costOfSales: 'Cost of sales', margin: 'Margin', owed: 'Owed to households',
      weight: 'Weight bought', intake: 'Intake', steps: 'Processing, sales and closing', payouts: 'Payouts', vouchers: 'Vouchers of this lot',
    },
    intake: {
      household: 'Household no.', name: 'Head', head: 'Head', weight: 'Weight', unit: 'Unit', grade: 'Grade', price: 'Price (yuan)',
      amount: 'Amount', householdHint: 'e.g. 030001', priceHint: 'yuan/{unit}', unknown: 'No such household', saving: 'Saving…',
      enterSaves: 'Enter saves', badHead: 'Head count “{head}” must be a whole number, e.g. 2',
      saved: 'Posted voucher {label}, amount {amount}',
      keys: 'Tab or Enter: next cell; Enter on “Price” saves the row and starts the next. Weights may be typed as 108斤 or 54kg.',
    },
    steps: {
      refused: 'Not done', process: 'Start processing', processHint: 'When buying is over, put all stock into processing',
      costItem: 'Cost item', amount: 'Amount (yuan)', from: 'Paid from', addCost: 'Record cost',
      product: 'Product', output: 'Output weight', finish: 'Into stock', buyer: 'Buyer', quantity: 'Quantity', price: 'Price (yuan)',
      into: 'Paid into', sell: 'Record sale', close: 'Close lot', canClose: 'Everyone is paid and the stock is sold: the lot can close',
    },
    payout: {
      refused: 'Payout not made', from: 'Pay from', all: 'Pay everyone owed', empty: 'No deliveries yet',
      paid: 'Paid', owed: 'Unpaid', status: 'Status', settled: 'Paid', unpaid: 'Unpaid', overpaid: 'Overpaid',
      pay: 'Pay', receipt: 'Print receipt',
    },
    books: {
      title: 'Co-op books', trial: 'Trial balance', journal: 'Journal', statement: 'Member account',
      balanced: 'Balanced: total debits equal total credits', unbalanced: 'NOT balanced: debits and credits differ; run the books check and call the accountant',
      account: 'Account', opening: 'Opening', period: 'This period', closing: 'Closing', debit: 'Debit', credit: 'Credit',
      date: 'Date', voucher: 'Voucher', summary: 'Summary', memo: 'Line memo', noVouchers: 'No vouchers in this period',
      householdHint: 'Household no., e.g. 030001', show: 'Show', owedToMember: 'Owed to member', volumes: 'Volumes by lot',
    },
    duplicates: {
      title: 'Paid twice: two laptops offline paid the same household for the same thing; check, then reverse the extra payment',
      line: 'Household {member}: paid {kept} ({date}), plus {n} duplicate payment(s) of {amount}', fix: 'Reverse duplicate', refused: 'Not reversed',
    },
    print: { title: 'Print preview', print: 'Print', refused: 'Cannot print' },
    export: { excel: 'Export to Excel', refused: 'Export not done', done: 'Exported {rows} rows to {path}' },
  },
}

export default coopEn
