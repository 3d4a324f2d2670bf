// Chinese strings of the co-op screens (合作社: lots, intake, payouts, books).
// Merged into zh-CN.ts; English follows the same keys in coop.en.ts.

export default {
  coop: {
    nav: '合作社', ok: '知道了', cash: '现金', bank: '银行',
    lots: {
      title: '合作社 · 统一收购批次', new: '新建批次', books: '账簿（凭证、试算平衡表、成员账户）',
      empty: '还没有批次，点“新建批次”开始统一收购', name: '批次名称', nameHint: '如 2026年11月肉羊统一收购',
      product: '收购品种', date: '开始日期', create: '建立批次', phase: '状态', households: '户数', weight: '重量',
      purchase: '收购金额', owed: '未付', revenue: '销售收入', margin: '毛利',
    },
    lot: {
      back: '返回合作社', print: '打印批次结算表', notOwned: '这个批次由另一台电脑建立，只能在那台电脑上收购、销售和结束；这里可以查看和打印。',
      purchase: '收购金额', costs: '加工费用', revenue: '销售收入', costOfSales: '销售成本', margin: '毛利', owed: '尚欠农户',
      weight: '收购重量', intake: '收购（交售登记）', steps: '加工、销售与结束', payouts: '付款到户', vouchers: '本批次凭证',
    },
    intake: {
      household: '户编号', name: '户主', head: '头数', weight: '重量', unit: '单位', grade: '等级', price: '单价（元）',
      amount: '金额', householdHint: '如 030001', priceHint: '元/{unit}', unknown: '找不到这户', saving: '正在保存…',
      enterSaves: '回车保存', badHead: '头数“{head}”应为整数，如 2',
      saved: '已记入凭证 {label}，收购金额 {amount}',
      keys: 'Tab 或回车：下一格；在“单价”上按回车：保存这一行并开始下一行。重量也可写成 108斤 或 54kg。',
    },
    steps: {
      refused: '没有办成', process: '投入加工', processHint: '收购结束后，把全部活畜投入加工（屠宰）',
      costItem: '费用项目', amount: '金额（元）', from: '支付方式', addCost: '记入加工费用',
      product: '成品', output: '成品重量', finish: '完工入库', buyer: '买方', quantity: '数量', price: '单价（元）',
      into: '收款方式', sell: '记入销售', close: '结束批次', canClose: '各户已付清、库存已售完，可以结束批次',
    },
    payout: {
      refused: '付款没有办成', from: '付款方式', all: '全部付清', empty: '还没有农户交售',
      paid: '已付', owed: '未付', status: '付款状态', settled: '已付清', unpaid: '未付清', overpaid: '多付',
      pay: '付清此户', receipt: '打印收购单',
    },
    books: {
      title: '合作社账簿', trial: '试算平衡表', journal: '凭证（序时账）', statement: '成员账户',
      balanced: '试算平衡：借方合计等于贷方合计，账是平的', unbalanced: '试算不平衡：借贷合计不相等，请运行“账簿核对”并联系会计',
      account: '科目', opening: '期初余额', period: '本期发生额', closing: '期末余额', debit: '借方', credit: '贷方',
      date: '日期', voucher: '凭证号', summary: '摘要', memo: '分录摘要', noVouchers: '这段时间没有凭证',
      householdHint: '户编号，如 030001', show: '查看', owedToMember: '应付该户', volumes: '交易量（按批次）',
    },
    duplicates: {
      title: '有重复付款：两台电脑离线时给同一户付了同一笔款，请核对后冲销多付的那笔',
      line: '农户 {member}：已付 {kept}（{date}），另有 {n} 笔重复付款共 {amount}', fix: '冲销重复付款', refused: '没有冲销',
    },
    print: { title: '打印预览', print: '打印', refused: '无法打印' },
    export: { excel: '导出 Excel', refused: '导出没有完成', done: '已导出 {rows} 行到 {path}' },
  },
}
