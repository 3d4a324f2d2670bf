//! Print views: A4 HTML pages with Chinese headings and signature lines
//! (经办人/审批人 …) that the desktop app opens and the browser prints:
//! the 收购单 receipt of one household in one lot and the member account
//! statement (成员账户对账单). The lot statement is in `print_lot`.
//! Sensitive fields (ID, phone, bank account) never appear.

pub use super::amount_words::capital;
use super::error::{CoopError, CoopResult};
use super::input;
use super::Coop;
use chrono::NaiveDate;
use cunwu_core::household::HouseholdField;
use cunwu_core::money::{Fen, Grams, WeightUnit};
use cunwu_ledger::{LotStep, PayoutKind};
use cunwu_store::Store;
use std::fmt::Write as _;
use std::path::Path;

/// Escape text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A whole A4 page around `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{t}</title>
<style>
@page {{ size: A4; margin: 15mm; }}
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", "SimSun", sans-serif; font-size: 12pt; color: #000; max-width: 180mm; margin: 0 auto; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 2mm; }}
h2 {{ font-size: 15pt; text-align: center; margin: 0 0 4mm; letter-spacing: 0.3em; }}
h3 {{ font-size: 12pt; margin: 5mm 0 2mm; }}
.meta {{ display: flex; justify-content: space-between; margin-bottom: 3mm; }}
table {{ width: 100%; border-collapse: collapse; margin-bottom: 3mm; }}
th, td {{ border: 1px solid #000; padding: 1.5mm 2mm; }}
th {{ background: #eee; font-weight: bold; }}
td.n {{ text-align: right; white-space: nowrap; }}
tfoot td {{ font-weight: bold; }}
.sign {{ display: flex; justify-content: space-between; margin-top: 12mm; }}
.sign span {{ min-width: 30mm; }}
.note {{ font-size: 10pt; color: #333; }}
</style></head><body>
{body}
</body></html>
"#,
        t = escape(title)
    )
}

/// Signature lines.
pub fn signatures(roles: &[&str]) -> String {
    let mut s = String::from(r#"<div class="sign">"#);
    for r in roles {
        let _ = write!(s, "<span>{}：__________</span>", escape(r));
    }
    s.push_str("</div>");
    s
}

/// Heading lines: organisation and title.
pub fn heading(org: &str, title: &str) -> String {
    format!("<h1>{}</h1><h2>{}</h2>", escape(org), escape(title))
}

/// Weight in kg and 斤 for a table cell.
pub fn kg_jin(g: Grams) -> String {
    format!(
        "{}（{}）",
        g.format(WeightUnit::Kg),
        g.format(WeightUnit::Jin)
    )
}

/// Write a print page to `out`.
pub fn write(out: &Path, html: &str) -> CoopResult<()> {
    std::fs::write(out, html).map_err(|e| CoopError::File {
        path: out.display().to_string(),
        reason: e.to_string(),
    })
}

impl Coop {
    /// The organisation name for headings.
    pub fn org_name(&self, store: &Store) -> CoopResult<String> {
        let org = self.ledger.settings().org_name.trim().to_string();
        Ok(if org.is_empty() {
            format!("{}农民专业合作社", store.require_profile()?.village)
        } else {
            org
        })
    }

    /// The 收购单 of one household in one lot, as an A4 HTML page.
    pub fn receipt_html(
        &mut self,
        store: &Store,
        lot: &str,
        household: &str,
    ) -> CoopResult<String> {
        self.ledger.refresh(store)?;
        let m = input::existing_member(store, &self.ledger, household)?;
        let books = self.ledger.books();
        let l = self.ledger.lot(lot)?;
        let h = store.household(&m.household_id).ok();
        let field = |f| h.as_ref().map(|h| h.get(f).to_string()).unwrap_or_default();
        let mut rows = String::new();
        let (mut head, mut weight, mut total) = (0u32, Grams(0), Fen::ZERO);
        let mut labels = Vec::new();
        let mut date: Option<NaiveDate> = None;
        for e in l.live_events(books) {
            if let LotStep::Intake { lines } = &e.step {
                for x in lines.iter().filter(|x| x.member == m.member) {
                    date.get_or_insert(e.date);
                    labels.extend(
                        e.vouchers
                            .iter()
                            .filter_map(|v| books.voucher(v))
                            .map(|v| v.label()),
                    );
                    head = head.saturating_add(x.head);
                    weight = weight.checked_add(x.weight)?;
                    total = total.checked_add(x.amount)?;
                    let _ = write!(
                        rows,
                        r#"<tr><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                        escape(&l.raw_product),
                        escape(&x.grade),
                        x.head,
                        kg_jin(x.weight),
                        escape(&x.price.label()),
                        x.amount
                    );
                }
            }
        }
        if rows.is_empty() {
            return Err(CoopError::rule(format!(
                "农户 {}（{}）没有向批次“{}”交售",
                m.member, m.name, l.name
            )));
        }
        let s = l.state(books)?;
        let pos = s.members.get(&m.member).cloned().unwrap_or_default();
        let paid: Vec<String> = pos
            .payouts
            .iter()
            .map(|(k, a, v)| {
                let label = books.voucher(v).map(|x| x.label()).unwrap_or_default();
                format!(
                    "{}{}（{}）",
                    if *k == PayoutKind::Advance {
                        "预付 "
                    } else {
                        ""
                    },
                    a,
                    label
                )
            })
            .collect();
        labels.dedup();
        let mut body = heading(&self.org_name(store)?, "农产品收购单");
        let _ = write!(
            body,
            r#"<div class="meta"><span>批次：{}（{}）</span><span>日期：{}</span><span>凭证：{}</span></div>
<table><tr><th>成员编号</th><td>{}</td><th>户主</th><td>{}</td></tr>
<tr><th>村民小组</th><td>{}</td><th>住址</th><td>{}</td></tr></table>
<table><thead><tr><th>品名</th><th>等级</th><th>头数</th><th>重量 公斤（斤）</th><th>单价</th><th>金额</th></tr></thead>
<tbody>{rows}</tbody>
<tfoot><tr><td colspan="2">合计</td><td class="n">{head}</td><td class="n">{}</td><td></td><td class="n">{total}</td></tr></tfoot></table>
<p>合计金额（大写）：人民币{}　（小写）{total}</p>
<p>已付：{}　尚欠：{}</p>
<p class="note">金额 = 重量 × 单价，四舍五入到分。本单一式三联：交售人、会计、出纳各执一联。</p>"#,
            escape(&l.name),
            escape(&l.id.0),
            date.map(|d| d.to_string()).unwrap_or_default(),
            escape(&labels.join("、")),
            escape(&m.member.0),
            escape(&m.name),
            escape(&field(HouseholdField::GroupNo)),
            escape(&field(HouseholdField::Address)),
            kg_jin(weight),
            capital(total),
            if paid.is_empty() {
                "未付".to_string()
            } else {
                escape(&paid.join("；"))
            },
            pos.owed,
        );
        body.push_str(&signatures(&[
            "交售人（签字）",
            "经办人",
            "审批人",
            "会计",
            "出纳",
        ]));
        Ok(page(&format!("收购单 {} {}", l.name, m.name), &body))
    }

    /// A household's member account statement for `[from, to]`, as A4 HTML.
    pub fn statement_html(
        &mut self,
        store: &Store,
        household: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> CoopResult<String> {
        let v = self.member_statement(store, household, from, to)?;
        let st = &v.statement;
        let mut body = heading(&self.org_name(store)?, "成员账户对账单");
        let _ = write!(
            body,
            r#"<div class="meta"><span>成员编号：{}</span><span>户主：{}</span><span>期间：{from} 至 {to}</span></div>
<h3>往来明细</h3><table><thead><tr><th>日期</th><th>凭证号</th><th>科目</th><th>摘要</th><th>借方</th><th>贷方</th><th>余额（社欠成员为正）</th></tr></thead><tbody>"#,
            escape(&v.member),
            escape(&v.name)
        );
        for (code, open) in &st.opening {
            if open.0 != 0 {
                let _ = write!(
                    body,
                    r#"<tr><td>{from}</td><td></td><td>{}</td><td>期初余额</td><td></td><td></td><td class="n">{open}</td></tr>"#,
                    escape(&code.0)
                );
            }
        }
        for r in &st.rows {
            let _ = write!(
                body,
                r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                r.date,
                escape(&r.voucher),
                escape(&r.account_name),
                escape(&r.summary),
                r.debit,
                r.credit,
                r.balance
            );
        }
        body.push_str("</tbody></table><h3>期末余额</h3><table><tbody>");
        for (code, bal) in &st.closing {
            let name = self
                .ledger
                .books()
                .chart()
                .top(code)
                .map(|a| a.name.clone())
                .unwrap_or_default();
            let _ = write!(
                body,
                r#"<tr><td>{} {}</td><td class="n">{bal}</td></tr>"#,
                escape(&code.0),
                escape(&name)
            );
        }
        body.push_str("</tbody></table><h3>交易量</h3><table><thead><tr><th>批次</th><th>头数</th><th>重量 公斤（斤）</th><th>金额</th></tr></thead><tbody>");
        for r in &st.volumes {
            let _ = write!(
                body,
                r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                escape(&r.lot_name),
                r.head,
                kg_jin(r.weight),
                r.amount
            );
        }
        let _ = write!(
            body,
            r#"</tbody><tfoot><tr><td>合计</td><td></td><td class="n">{}</td><td class="n">{}</td></tr></tfoot></table>"#,
            kg_jin(st.total_weight),
            st.total_amount
        );
        body.push_str(&signatures(&["成员（签字）", "经办人", "审批人", "会计"]));
        Ok(page(&format!("成员账户对账单 {}", v.name), &body))
    }
}
