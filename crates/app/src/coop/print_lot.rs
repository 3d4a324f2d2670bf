//! The lot statement (批次结算单): every household's delivery and payment,
//! costs, sales, the lot's P&L and its vouchers, as an A4 HTML page.

use super::error::CoopResult;
use super::print::{escape, heading, kg_jin, page, signatures};
use super::view::phase_label;
use super::Coop;
use cunwu_ledger::LotStep;
use cunwu_store::Store;
use std::fmt::Write as _;

impl Coop {
    /// The lot statement as an A4 HTML page.
    pub fn lot_statement_html(&mut self, store: &Store, lot: &str) -> CoopResult<String> {
        let view = self.lot_show(store, lot)?;
        let s = &view.summary;
        let st = &view.state;
        let mut body = heading(&self.org_name(store)?, "统一收购销售批次结算单");
        let _ = write!(
            body,
            r#"<div class="meta"><span>批次：{}（{}）</span><span>开立：{}</span><span>状态：{}</span></div>
<h3>交售与付款</h3><table><thead><tr><th>成员编号</th><th>户主</th><th>头数</th><th>重量 公斤（斤）</th><th>收购金额</th><th>已付</th><th>尚欠</th></tr></thead><tbody>"#,
            escape(&s.name),
            escape(&s.id),
            s.opened_on,
            phase_label(s.phase)
        );
        let mut head = 0u32;
        for (no, m) in &st.members {
            head = head.saturating_add(m.head);
            let _ = write!(
                body,
                r#"<tr><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                escape(&no.0),
                escape(&m.name),
                m.head,
                kg_jin(m.weight),
                m.amount,
                m.paid,
                m.owed
            );
        }
        let _ = write!(
            body,
            r#"</tbody><tfoot><tr><td colspan="2">合计 {} 户</td><td class="n">{head}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr></tfoot></table>"#,
            s.households,
            kg_jin(s.weight),
            s.purchase,
            s.paid,
            s.owed
        );
        body.push_str(r#"<h3>费用与销售</h3><table><thead><tr><th>日期</th><th>事项</th><th>数量</th><th>金额</th></tr></thead><tbody>"#);
        for e in view.events.iter().filter(|e| e.live) {
            match &e.step {
                LotStep::Cost { items, .. } => {
                    for i in items {
                        let _ = write!(
                            body,
                            r#"<tr><td>{}</td><td>费用：{}</td><td></td><td class="n">{}</td></tr>"#,
                            e.date,
                            escape(&i.item),
                            i.amount
                        );
                    }
                }
                LotStep::Sale {
                    buyer,
                    quantity,
                    price,
                    amount,
                    ..
                } => {
                    let _ = write!(
                        body,
                        r#"<tr><td>{}</td><td>销售给 {}（{}）</td><td class="n">{}</td><td class="n">{amount}</td></tr>"#,
                        e.date,
                        escape(buyer),
                        escape(&price.label()),
                        kg_jin(*quantity)
                    );
                }
                LotStep::Finished {
                    product, output, ..
                } => {
                    let _ = write!(
                        body,
                        r#"<tr><td>{}</td><td>完工入库：{}</td><td class="n">{}</td><td></td></tr>"#,
                        e.date,
                        escape(product),
                        kg_jin(*output)
                    );
                }
                _ => {}
            }
        }
        let p = &st.pnl;
        let _ = write!(
            body,
            r#"</tbody></table>
<h3>批次损益</h3><table><tbody>
<tr><th>销售收入</th><td class="n">{}</td><th>销售成本</th><td class="n">{}</td></tr>
<tr><th>直接费用</th><td class="n">{}</td><th>毛利</th><td class="n">{}</td></tr>
<tr><th>其中计入成本的加工费用</th><td class="n">{}</td><th>结余库存成本</th><td class="n">{}</td></tr>
</tbody></table>
<h3>凭证</h3><table><thead><tr><th>日期</th><th>凭证号</th><th>摘要</th><th>金额</th></tr></thead><tbody>"#,
            p.revenue,
            p.cost_of_sales,
            p.expenses,
            p.margin,
            st.processing_costs,
            cunwu_core::money::Fen::sum([
                st.raw.cost,
                st.wip,
                st.finished
                    .as_ref()
                    .map_or(cunwu_core::money::Fen::ZERO, |f| f.cost)
            ])?,
        );
        for v in &view.vouchers {
            let amount = cunwu_core::money::Fen::sum(v.lines.iter().map(|(l, _)| l.debit))?;
            let _ = write!(
                body,
                r#"<tr><td>{}</td><td>{}{}</td><td>{}</td><td class="n">{}</td></tr>"#,
                v.date,
                escape(&v.label),
                if v.reversal {
                    "（红字）"
                } else if v.reversed {
                    "（已冲销）"
                } else {
                    ""
                },
                escape(&v.summary),
                amount
            );
        }
        body.push_str("</tbody></table>");
        if !view.unsettled.is_empty() {
            let _ = write!(
                body,
                r#"<p class="note">尚未结清：{}</p>"#,
                escape(&view.unsettled.join("；"))
            );
        }
        body.push_str(&signatures(&["经办人", "审批人", "会计", "出纳"]));
        Ok(page(&format!("批次结算单 {}", s.name), &body))
    }
}
