//! Visits: append-only facts. Amending writes a new visit that references
//! the original; listings show each amendment right after what it corrects.

use crate::{Draft, Result, Store};
use cunwu_core::change::entity;
use cunwu_core::visit::{Visit, VisitInput};
use cunwu_core::Error;
use rusqlite::{params, OptionalExtension};

/// A visit row joined to its fact in the change log (the visit is stored once).
const SELECT_VISIT: &str = concat!(
    "SELECT c.value FROM visit v",
    crate::change_log::join_change!("JOIN", "v")
);

/// A visit's fact found through its id, which names the device (its first
/// characters) and the counter of the change that logged it.
const VISIT_BY_ID: &str = "SELECT c.value FROM change_device cd JOIN change_log c ON c.seq = (cd.no << 40) | ?2
     WHERE substr(cd.device, 1, length(?1)) = ?1 AND c.entity = 'visit' AND c.field IS NULL AND c.entity_id = ?3";

fn row_to_visit(r: &rusqlite::Row<'_>) -> rusqlite::Result<Visit> {
    let json: String = r.get(0)?;
    serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Store {
    /// Log a visit to a household (by 户编号 or id).
    pub fn add_visit(&mut self, household: &str, input: &VisitInput) -> Result<Visit> {
        self.write_visit(input, &[], |s| Ok((s.household_id_of(household)?, None)))
            .map(|(v, _)| v)
    }

    /// Log a visit and the needs raised in it, in one transaction: each
    /// need names the household and the visit (its source), and the
    /// visit's needs are found through that link.
    pub fn add_visit_with_needs(
        &mut self,
        household: &str,
        input: &VisitInput,
        needs: &[cunwu_core::need::NeedInput],
    ) -> Result<(Visit, Vec<cunwu_core::need::Need>)> {
        self.write_visit(input, needs, |s| Ok((s.household_id_of(household)?, None)))
    }

    /// Correct an earlier visit: a new visit that references it.
    pub fn amend_visit(&mut self, visit_id: &str, input: &VisitInput) -> Result<Visit> {
        self.write_visit(input, &[], |s| {
            let original = s.visit(visit_id)?;
            Ok((original.household_id, Some(original.id)))
        })
        .map(|(v, _)| v)
    }

    /// Write a visit; `target` finds (household id, amended visit) inside
    /// the visit's transaction.
    fn write_visit(
        &mut self,
        input: &VisitInput,
        needs: &[cunwu_core::need::NeedInput],
        target: impl FnOnce(&Store) -> Result<(String, Option<String>)>,
    ) -> Result<(Visit, Vec<cunwu_core::need::Need>)> {
        let today = self.today();
        input.validate(today)?;
        let profile = self.profile.clone().ok_or(crate::Error::NotInitialized)?;
        let recorder = profile.user.clone();
        let mut written = None;
        let mut made = Vec::new();
        self.commit_local_with(|s| {
            let (household_id, amends) = target(s)?;
            let id = s.new_entity_id();
            let visit = Visit {
                id: id.clone(),
                household_id,
                date: input.date.unwrap_or(today),
                visitors: input
                    .visitors
                    .iter()
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect(),
                recorder,
                situation: input.situation.trim().into(),
                difficulties: input.difficulties.trim().into(),
                needs: input.needs.trim().into(),
                follow_up: input.follow_up.trim().into(),
                amends,
            };
            let value = serde_json::to_value(&visit)
                .map_err(|e| Error::Rule(format!("走访记录无法保存：{e}")))?;
            let mut drafts = vec![Draft::insert(entity::VISIT, &id, value)];
            for (i, n) in needs.iter().enumerate() {
                let mut n = n.clone();
                n.target = Some(cunwu_core::need::Target::Household {
                    household_id: visit.household_id.clone(),
                });
                n.source = Some(cunwu_core::need::Source::Visit {
                    visit_id: id.clone(),
                });
                let (need, draft) =
                    s.need_draft(&profile.village, &profile.user, &n, drafts.len(), i, today)?;
                made.push(need);
                drafts.push(draft);
            }
            written = Some(visit);
            Ok(drafts)
        })?;
        written
            .map(|v| (v, made))
            .ok_or_else(|| Error::Rule("走访记录没有写入，请重试".into()).into())
    }

    /// A visit by id.
    pub fn visit(&self, id: &str) -> Result<Visit> {
        let id = id.trim();
        let by_change = id
            .rsplit_once('-')
            .and_then(|(device, counter)| Some((device, counter.parse::<u64>().ok()?)))
            .filter(|(device, counter)| {
                !device.is_empty() && *counter < cunwu_core::change::COUNTER_LIMIT
            });
        let found = match by_change {
            Some((device, counter)) => match self
                .conn
                .prepare_cached(VISIT_BY_ID)?
                .query_row(params![device, counter as i64, id], row_to_visit)
            {
                Ok(v) => Some(v),
                // No such change, or a visit fact this version cannot read
                // (it was never listed either): not a visit here.
                Err(
                    rusqlite::Error::QueryReturnedNoRows
                    | rusqlite::Error::FromSqlConversionFailure(..),
                ) => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        let found = match found {
            Some(v) => Some(v),
            // An id in another shape: look through the visits themselves.
            None => self
                .conn
                .prepare_cached(&format!("{SELECT_VISIT} WHERE v.id = ?1"))?
                .query_row([id], row_to_visit)
                .optional()?,
        };
        found.ok_or_else(|| Error::not_found("走访记录", id).into())
    }

    /// Visits of a household, newest first, each amendment right after the
    /// visit it corrects.
    pub fn visits_of(&self, household_id: &str) -> Result<Vec<Visit>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_VISIT} WHERE v.household_id = ?1 ORDER BY v.date DESC, v.id DESC"
        ))?;
        let all = stmt
            .query_map(params![household_id], row_to_visit)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(thread_amendments(all))
    }

    /// All visits between two dates (inclusive), for listings and export.
    pub fn visits_between(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<Visit>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_VISIT} WHERE v.date >= ?1 AND v.date <= ?2 ORDER BY v.date DESC, v.id DESC"
        ))?;
        let all = stmt
            .query_map(params![from.to_string(), to.to_string()], row_to_visit)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(thread_amendments(all))
    }
}

/// Put each amendment right after the visit it amends (originals keep their order).
fn thread_amendments(visits: Vec<Visit>) -> Vec<Visit> {
    let ids: std::collections::HashSet<String> = visits.iter().map(|v| v.id.clone()).collect();
    let (amendments, originals): (Vec<Visit>, Vec<Visit>) = visits
        .into_iter()
        .partition(|v| v.amends.as_ref().is_some_and(|a| ids.contains(a)));
    let mut out = Vec::with_capacity(originals.len() + amendments.len());
    for o in originals {
        let id = o.id.clone();
        out.push(o);
        let mut chain = vec![id];
        while let Some(cur) = chain.pop() {
            for a in amendments
                .iter()
                .filter(|a| a.amends.as_deref() == Some(cur.as_str()))
            {
                chain.push(a.id.clone());
                out.push(a.clone());
            }
        }
    }
    out
}
