// The A5 回执 slip a villager keeps: tracking code, what was asked, who
// owns it, the promised date and the township's phone. Built from the
// backend's `need_receipt` answer; every value is escaped.

import type { NeedReceipt } from '../../api'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** A whole HTML page sized for A5 portrait. */
export function receiptHtml(r: NeedReceipt): string {
  const row = (label: string, value: string) => `<tr><th>${esc(label)}</th><td>${esc(value)}</td></tr>`
  const place = r.township ? `${r.township}${r.village}` : r.village
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>诉求回执 ${esc(r.code)}</title><style>
@page { size: A5 portrait; margin: 12mm; }
body { font-family: 'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif; color: #000; margin: 0; padding: 8mm; width: 124mm; font-size: 16px; }
h1 { font-size: 22px; text-align: center; margin: 0 0 4mm; letter-spacing: 4px; }
.place { text-align: center; font-size: 16px; margin-bottom: 6mm; }
.code { border: 2px solid #000; text-align: center; padding: 3mm; margin-bottom: 6mm; }
.code .label { font-size: 16px; }
.code .value { font-size: 30px; font-weight: 700; letter-spacing: 3px; font-family: 'DejaVu Sans Mono', Consolas, monospace; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 2.5mm 3mm; vertical-align: top; font-size: 16px; text-align: left; }
th { width: 30mm; font-weight: 600; white-space: nowrap; }
.note { margin-top: 6mm; font-size: 16px; line-height: 1.7; }
.phone { font-size: 20px; font-weight: 700; }
</style></head><body>
<h1>群众诉求受理回执</h1>
<div class="place">${esc(place)}</div>
<div class="code"><div class="label">查询码（打电话查询时报这个码）</div><div class="value" data-test="receipt-code">${esc(r.code)}</div></div>
<table>
${row('诉求人', r.requester)}
${row('登记日期', r.createdOn)}
${row('诉求内容', r.text)}
${row('领办人', r.owner ?? '待领办')}
${row('承诺办结时限', r.promised ?? '领办后确定')}
</table>
<p class="note">想知道办到哪一步了，请拨打 <span class="phone">${esc(r.phone)}</span>，报上面的查询码即可查询。办好后我们会回访您，请对办理结果作出评价。</p>
</body></html>`
}
