//! Needs in the store: the need and each of its steps are facts in the
//! change log; the `need` table is an index holding each need's fold
//! ([`cunwu_core::need::fold`]) for filtered lists, rewritten whenever one
//! of its facts arrives (made here or synced), so it is a function of the
//! facts held. People (`person`) are an editable record like a household.

use crate::field_heads::Pending;
use crate::{Draft, Result, Store};
use cunwu_core::change::{entity, Change, ChangeId};
use cunwu_core::hlc::Hlc;
use cunwu_core::name_search::name_keys;
use cunwu_core::need::{
    check_step, fold, fold_summary, tracking_code, Folded, Kind, Need, NeedEvent, NeedFacts,
    NeedInput, Person, PersonField, Satisfaction, Source, Stamped, Status, Step, Target,
};
use cunwu_core::Error;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet};

/// Meta key set by migration 0004 when needs were held before their tables existed.
const REBUILD_KEY: &str = "needs.rebuild";

/// A need with the fold of its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedRecord {
    /// The need as recorded.
    pub need: Need,
    /// Status, owner, timeline, conflicts.
    pub folded: Folded,
}

/// One line of a needs list (from the index, no fact decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedRow {
    /// Entity id.
    pub id: String,
    /// Tracking code.
    pub code: String,
    /// Village.
    pub village: String,
    /// Household entity id, when the need names one.
    pub household_id: Option<String>,
    /// 户主 of that household.
    pub household_head: Option<String>,
    /// 村民小组 (the need's own, else its household's).
    pub group_no: Option<String>,
    /// The visit it came from.
    pub visit_id: Option<String>,
    /// 诉求人.
    pub requester: String,
    /// What was asked.
    pub text: String,
    /// Kind.
    pub kind: Kind,
    /// Category.
    pub category: String,
    /// Source key.
    pub source: String,
    /// Recorded on.
    pub created_on: chrono::NaiveDate,
    /// Status.
    pub status: Status,
    /// Owner.
    pub owner: Option<String>,
    /// 承诺办结时限.
    pub promised: Option<chrono::NaiveDate>,
    /// Reopens.
    pub reopens: u32,
    /// 督办 notes.
    pub urges: u32,
    /// Open conflicts.
    pub conflicts: u32,
    /// Promised date passed and not resolved.
    pub overdue: bool,
}

/// What a needs list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NeedFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this owner (name).
    pub owner: Option<String>,
    /// Only this 村民小组.
    pub group_no: Option<String>,
    /// Only overdue needs.
    pub overdue: bool,
    /// Only this household's needs.
    pub household_id: Option<String>,
    /// Only this visit's needs.
    pub visit_id: Option<String>,
    /// Only this source key.
    pub source: Option<String>,
    /// At most this many rows.
    pub limit: Option<usize>,
    /// Skip this many rows.
    pub offset: usize,
}

fn opt_date(s: Option<String>) -> Option<chrono::NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

fn json_err(i: usize, e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

fn key_of<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn parse_key<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

const ROW_COLUMNS: &str = "n.id, n.code, n.village, n.household_id, h.head_name, n.group_no, n.visit_id, n.requester, n.text, n.kind, n.category, n.source, n.created_on, n.status, n.owner, n.promised, n.reopens, n.urges, n.conflicts";

fn row_to_need_row(r: &rusqlite::Row<'_>, today: chrono::NaiveDate) -> rusqlite::Result<NeedRow> {
    let status: Status = parse_key(&r.get::<_, String>(13)?).unwrap_or(Status::Collected);
    let promised = opt_date(r.get(15)?);
    Ok(NeedRow {
        id: r.get(0)?,
        code: r.get(1)?,
        village: r.get(2)?,
        household_id: r.get(3)?,
        household_head: r.get(4)?,
        group_no: r.get(5)?,
        visit_id: r.get(6)?,
        requester: r.get(7)?,
        text: r.get(8)?,
        kind: parse_key(&r.get::<_, String>(9)?).unwrap_or(Kind::Individual),
        category: r.get(10)?,
        source: r.get(11)?,
        created_on: r.get::<_, String>(12)?.parse().unwrap_or_default(),
        status,
        owner: r.get(14)?,
        promised,
        reopens: r.get::<_, i64>(16)? as u32,
        urges: r.get::<_, i64>(17)? as u32,
        conflicts: r.get::<_, i64>(18)? as u32,
        overdue: status.is_open() && promised.is_some_and(|p| p < today),
    })
}

/// Status keys of open needs, for the overdue condition in SQL.
fn open_keys() -> String {
    Status::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(|s| format!("'{}'", s.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The WHERE clause and its arguments for a filter (the status left out
/// when `with_status` is false, for the counts per status).
fn where_clause(
    f: &NeedFilter,
    today: chrono::NaiveDate,
    with_status: bool,
) -> (String, Vec<rusqlite::types::Value>) {
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut push = |cond: &str, v: String| {
        args.push(v.into());
        conds.push(cond.replace('?', &format!("?{}", args.len())));
    };
    if let (true, Some(s)) = (with_status, f.status) {
        push("n.status = ?", s.key().into());
    }
    if let Some(k) = f.kind {
        push("n.kind = ?", key_of(&k));
    }
    if let Some(c) = &f.category {
        push("n.category = ?", c.clone());
    }
    if let Some(o) = &f.owner {
        push("n.owner = ?", o.clone());
    }
    if let Some(g) = &f.group_no {
        push("n.group_no = ?", g.clone());
    }
    if let Some(h) = &f.household_id {
        push("n.household_id = ?", h.clone());
    }
    if let Some(v) = &f.visit_id {
        push("n.visit_id = ?", v.clone());
    }
    if let Some(s) = &f.source {
        push("n.source = ?", s.clone());
    }
    if f.overdue {
        push(
            &format!("n.status IN ({}) AND n.promised < ?", open_keys()),
            today.to_string(),
        );
    }
    let clause = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    (clause, args)
}

/// The need's index row from its fact (status columns left to the fold).
fn index_need(conn: &Connection, c: &Change, n: &Need) -> Result<()> {
    // A household's need carries the household's group (kept up to date
    // when the household's group changes: `household_group_changed`), so
    // the group filter is one index.
    let (household, group) = match &n.target {
        Target::Household { household_id } => (
            Some(household_id.as_str()),
            conn.prepare_cached("SELECT group_no FROM household WHERE id = ?1")?
                .query_row([household_id], |r| r.get::<_, Option<String>>(0))
                .optional()?
                .flatten(),
        ),
        Target::Group { group_no } => (None, Some(group_no.clone())),
        Target::Village => (None, None),
    };
    let visit = match &n.source {
        Source::Visit { visit_id } => Some(visit_id.as_str()),
        _ => None,
    };
    conn.prepare_cached(
        "INSERT OR IGNORE INTO need (id, code, village, household_id, group_no, visit_id, requester, text, kind, category, source, created_on, status, owner, promised, device, counter)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'collected', ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        c.entity_id,
        n.code,
        n.village,
        household,
        group,
        visit,
        n.requester_name,
        n.text,
        key_of(&n.kind),
        n.category,
        n.source.key(),
        n.created_on.to_string(),
        n.owner,
        n.promised.map(|d| d.to_string()),
        c.id.device,
        c.id.counter as i64
    ])?;
    Ok(())
}

/// A household's group changed: its needs follow.
pub(crate) fn household_group_changed(
    conn: &Connection,
    household_id: &str,
    group: Option<&str>,
) -> Result<()> {
    conn.prepare_cached("UPDATE need SET group_no = ?2 WHERE household_id = ?1")?
        .execute(params![household_id, group])?;
    Ok(())
}

/// Index a need or need-event fact; the need to refold, if any.
pub(crate) fn index_fact(conn: &Connection, c: &Change) -> Result<Option<String>> {
    if c.field.is_some() {
        return Ok(None);
    }
    match c.entity.as_str() {
        entity::NEED => {
            // A malformed fact from a newer version stays in the log only.
            let Ok(n) = <Need as serde::Deserialize>::deserialize(&c.value) else {
                return Ok(None);
            };
            index_need(conn, c, &n)?;
            Ok(Some(c.entity_id.clone()))
        }
        entity::NEED_EVENT => {
            let Some(need_id) = c.value.get("need_id").and_then(|v| v.as_str()) else {
                return Ok(None);
            };
            conn.prepare_cached(
                "INSERT OR IGNORE INTO need_event (id, need_id, device, counter) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![c.entity_id, need_id, c.id.device, c.id.counter as i64])?;
            Ok(Some(need_id.to_string()))
        }
        _ => Ok(None),
    }
}

/// The need fact of `id`, if held.
fn load_need(conn: &Connection, id: &str) -> Result<Option<Need>> {
    let json: Option<String> = conn
        .prepare_cached(concat!(
            "SELECT c.value FROM need n",
            crate::change_log::join_change!("JOIN", "n"),
            "WHERE n.id = ?1"
        ))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Every event of a need held here, stamped with its change.
fn load_events(conn: &Connection, need_id: &str) -> Result<Vec<Stamped>> {
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT c.value, c.hlc, c.device, c.counter FROM need_event n",
        crate::change_log::join_change!("JOIN", "n"),
        "WHERE n.need_id = ?1"
    ))?;
    let rows = stmt.query_map([need_id], |r| {
        let json: String = r.get(0)?;
        Ok((
            json,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (json, hlc, device, counter) = row?;
        // An event this version cannot read is left out of the fold.
        if let Ok(event) = serde_json::from_str::<NeedEvent>(&json) {
            out.push(Stamped {
                hlc: Hlc::unpack(hlc),
                change: ChangeId {
                    device,
                    counter: counter as u64,
                },
                event,
            });
        }
    }
    Ok(out)
}

/// Write a need's fold into its index row.
/// The index columns a fold writes, in `FOLD_COLUMNS` order.
fn fold_values(f: &Folded, events: usize) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value;
    let t = |x: Option<String>| x.map_or(Value::Null, Value::Text);
    let d = |x: Option<chrono::NaiveDate>| t(x.map(|d| d.to_string()));
    vec![
        Value::Text(f.status.key().into()),
        t(f.owner.clone()),
        t(f.owner_id.clone()),
        d(f.promised),
        d(f.claimed_on),
        d(f.done_on),
        d(f.closed_on),
        t(f.feedback.map(|s| key_of(&s))),
        d(f.review_on),
        Value::Integer(i64::from(f.reopens)),
        Value::Integer(i64::from(f.urges)),
        Value::Integer(f.conflicts.len() as i64),
        Value::Integer(events as i64),
    ]
}

/// The columns of [`fold_values`].
const FOLD_COLUMNS: [&str; 13] = [
    "status",
    "owner",
    "owner_id",
    "promised",
    "claimed_on",
    "done_on",
    "closed_on",
    "feedback",
    "review_on",
    "reopens",
    "urges",
    "conflicts",
    "events",
];

/// Write a need's fold into its index row.
fn write_fold(conn: &Connection, id: &str, values: Vec<rusqlite::types::Value>) -> Result<()> {
    let sets: Vec<String> = FOLD_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    let mut args = vec![rusqlite::types::Value::Text(id.to_string())];
    args.extend(values);
    conn.prepare_cached(&format!(
        "UPDATE need SET {} WHERE id = ?1",
        sets.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(args))?;
    Ok(())
}

/// Refold the named needs from their facts (a need not yet held is skipped:
/// it is folded when it arrives).
pub(crate) fn refold(conn: &Connection, ids: &BTreeSet<String>) -> Result<()> {
    for id in ids {
        let Some(need) = load_need(conn, id)? else {
            continue;
        };
        let events = load_events(conn, id)?;
        let f = fold_summary(&need, &events);
        write_fold(conn, id, fold_values(&f, events.len()))?;
    }
    Ok(())
}

/// Rebuild every need row and person from the log (after an upgrade).
fn rebuild(conn: &Connection) -> Result<usize> {
    let mut stmt = conn.prepare(
        "SELECT device, counter, hlc, author, village, entity, entity_id, value FROM change_log
         WHERE entity IN ('need', 'need_event') AND field IS NULL",
    )?;
    let changes = stmt
        .query_map([], |r| {
            let value: String = r.get(7)?;
            Ok(Change {
                id: ChangeId {
                    device: r.get(0)?,
                    counter: r.get::<_, i64>(1)? as u64,
                },
                hlc: Hlc::unpack(r.get(2)?),
                author: r.get(3)?,
                village: r.get(4)?,
                entity: r.get(5)?,
                entity_id: r.get(6)?,
                field: None,
                value: serde_json::from_str(&value).map_err(|e| json_err(7, e))?,
                supersedes: vec![],
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut ids = BTreeSet::new();
    for c in &changes {
        if let Some(id) = index_fact(conn, c)? {
            ids.insert(id);
        }
    }
    refold(conn, &ids)?;
    let mut pending = Pending::default();
    let mut heads =
        conn.prepare("SELECT DISTINCT entity_id, field FROM field_head WHERE entity = 'person'")?;
    for r in heads.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, field) = r?;
        pending.touch(entity::PERSON, &id, &field);
    }
    pending.flush(conn)?;
    Ok(ids.len())
}

fn person_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        role: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        branch: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        phone: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        party_member: r.get::<_, Option<String>>(5)?.as_deref() == Some("1"),
    })
}

impl Store {
    /// Rebuild the needs' rows if migration 0004 asked for it (needs synced
    /// here before this version knew them). Called on open.
    pub(crate) fn rebuild_needs_if_asked(&mut self) -> Result<()> {
        if crate::device::meta_get(&self.conn, REBUILD_KEY)?.is_none() {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        rebuild(&tx)?;
        tx.execute("DELETE FROM meta WHERE key = ?1", [REBUILD_KEY])?;
        tx.commit()?;
        Ok(())
    }

    /// Recompute every need's status from its events (what a sync that
    /// brought old events would need at worst), reading every need and
    /// event in one pass each; a row whose fold is unchanged is not
    /// rewritten. Returns (needs folded, rows rewritten).
    pub fn refold_all_needs(&mut self) -> Result<(usize, usize)> {
        let tx = self.conn.transaction()?;
        let mut events: std::collections::HashMap<String, Vec<Stamped>> =
            std::collections::HashMap::new();
        {
            let mut stmt = tx.prepare(concat!(
                "SELECT n.need_id, c.value, c.hlc, c.device, c.counter FROM need_event n",
                crate::change_log::join_change!("JOIN", "n"),
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let json: String = r.get(1)?;
                // An event this version cannot read is left out of the fold.
                let Ok(event) = serde_json::from_str::<NeedEvent>(&json) else {
                    continue;
                };
                events.entry(r.get(0)?).or_default().push(Stamped {
                    hlc: Hlc::unpack(r.get(2)?),
                    change: ChangeId {
                        device: r.get(3)?,
                        counter: r.get::<_, i64>(4)? as u64,
                    },
                    event,
                });
            }
        }
        let (mut n, mut rewritten) = (0, 0);
        {
            let mut stmt = tx.prepare(&format!(
                "SELECT n.id, c.value, n.{} FROM need n{}",
                FOLD_COLUMNS.join(", n."),
                crate::change_log::join_change!("JOIN", "n"),
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: String = r.get(0)?;
                let json: String = r.get(1)?;
                let Ok(need) = serde_json::from_str::<Need>(&json) else {
                    continue;
                };
                let evs = events.remove(&id).unwrap_or_default();
                let values = fold_values(&fold_summary(&need, &evs), evs.len());
                // A row whose fold is unchanged is not rewritten.
                let mut same = true;
                for (i, v) in values.iter().enumerate() {
                    if r.get::<_, rusqlite::types::Value>(i + 2)? != *v {
                        same = false;
                        break;
                    }
                }
                if !same {
                    write_fold(&tx, &id, values)?;
                    rewritten += 1;
                }
                n += 1;
            }
        }
        tx.commit()?;
        Ok((n, rewritten))
    }

    /// The next tracking code this device gives, `pending` needs after the
    /// ones already held.
    fn next_code(&self, village: &str, pending: usize) -> Result<String> {
        let made: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM need WHERE device = ?1")?
            .query_row([&self.device_id], |r| r.get(0))?;
        let initials = name_keys(village.trim_end_matches('村')).initials;
        Ok(tracking_code(
            &initials,
            &self.device_id,
            made as u64 + 1 + pending as u64,
        ))
    }

    /// The draft of a new need (checked against today), the `pending`-th
    /// draft of the commit being prepared.
    pub(crate) fn need_draft(
        &self,
        village: &str,
        author: &str,
        input: &NeedInput,
        pending: usize,
        code_pending: usize,
        today: chrono::NaiveDate,
    ) -> Result<(Need, Draft)> {
        input.validate(today)?;
        let target = match &input.target {
            Some(Target::Household { household_id }) => Target::Household {
                household_id: self.household_id_of(household_id)?,
            },
            Some(t) => t.clone(),
            None => Target::Village,
        };
        let id = self.entity_id_after(pending);
        let need = Need {
            id: id.clone(),
            code: self.next_code(village, code_pending)?,
            village: village.to_string(),
            target,
            requester_name: input.requester_name.trim().to_string(),
            requester_phone: if input.requester_phone.trim().is_empty() {
                String::new()
            } else {
                cunwu_core::phone::validate(&input.requester_phone)?
            },
            text: input.text.trim().to_string(),
            category: input.category.trim().to_string(),
            kind: input.kind.unwrap_or(Kind::Individual),
            source: input.source.clone().unwrap_or(Source::WalkIn),
            owner: input
                .owner
                .as_ref()
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty()),
            promised: input.promised,
            created_on: today,
            created_by: author.to_string(),
        };
        let value =
            serde_json::to_value(&need).map_err(|e| Error::Rule(format!("诉求无法保存：{e}")))?;
        Ok((need, Draft::insert(entity::NEED, &id, value)))
    }

    /// Record a need of this laptop's village.
    pub fn add_need(&mut self, input: &NeedInput) -> Result<NeedRecord> {
        let p = self.profile.clone().ok_or(crate::Error::NotInitialized)?;
        self.add_need_as(&p.village, &p.user, input)
    }

    /// Record a need for `village` as `author` (a township laptop filing a
    /// 12345 order for one of its villages; the hub checks the village).
    pub fn add_need_as(
        &mut self,
        village: &str,
        author: &str,
        input: &NeedInput,
    ) -> Result<NeedRecord> {
        let today = self.today();
        self.add_need_on(village, author, input, today)
    }

    /// Record a need as of `date` (a record carried over from paper, the
    /// demo village): `date` stands for today in every check.
    pub fn add_need_on(
        &mut self,
        village: &str,
        author: &str,
        input: &NeedInput,
        date: chrono::NaiveDate,
    ) -> Result<NeedRecord> {
        let (village, author) = (village.trim(), author.trim());
        if village.is_empty() {
            return Err(Error::invalid("村", "请填写诉求所属的村").into());
        }
        if author.is_empty() {
            return Err(Error::invalid("登记人", "请填写您的姓名").into());
        }
        let mut made = None;
        self.commit_stamped(village, author, |s| {
            let (need, draft) = s.need_draft(village, author, input, 0, 0, date)?;
            made = Some(need);
            Ok(vec![draft])
        })?;
        let need = made.ok_or_else(|| Error::Rule("诉求没有写入，请重试".into()))?;
        self.need(&need.id)
    }

    /// A need by entity id or tracking code.
    pub fn need(&self, key: &str) -> Result<NeedRecord> {
        let id = self.need_id_of(key)?;
        let need = load_need(&self.conn, &id)?.ok_or_else(|| Error::not_found("诉求", key))?;
        let events = load_events(&self.conn, &id)?;
        let folded = fold(&need, &events);
        Ok(NeedRecord { need, folded })
    }

    /// The entity id of a need named by id or tracking code.
    pub fn need_id_of(&self, key: &str) -> Result<String> {
        let key = key.trim();
        let by_id: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM need WHERE id = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        if let Some(id) = by_id {
            return Ok(id);
        }
        let code = cunwu_core::need::normalize_code(key)?;
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM need WHERE code = ?1 ORDER BY id")?
            .query_map([&code], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.as_slice() {
            [] => Err(Error::not_found("查询码为", code).into()),
            [one] => Ok(one.clone()),
            _ => Err(Error::Rule(format!(
                "查询码 {code} 对应 {} 条诉求（两台电脑碰巧生成了同一个码），请用编号指明：{}",
                ids.len(),
                ids.join("、")
            ))
            .into()),
        }
    }

    /// Every need carrying a tracking code (usually one).
    pub fn needs_by_code(&self, code: &str) -> Result<Vec<NeedRecord>> {
        let code = cunwu_core::need::normalize_code(code)?;
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM need WHERE code = ?1 ORDER BY id")?
            .query_map([&code], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if ids.is_empty() {
            return Err(Error::not_found("查询码为", code).into());
        }
        ids.iter().map(|id| self.need(id)).collect()
    }

    /// Take a step on a need (by id or code) as the current user, or as
    /// `by` on a laptop without a village of its own (the township's).
    /// The step is checked against the need's status inside the write's
    /// transaction; it names the events seen so far as `after`.
    pub fn need_step(
        &mut self,
        key: &str,
        step: Step,
        note: &str,
        by: Option<&str>,
    ) -> Result<NeedRecord> {
        let today = self.today();
        self.need_step_on(key, step, note, by, today)
    }

    /// [`Store::need_step`] dated `today` (a step carried over from paper,
    /// the demo village): `today` stands for today in every check.
    pub fn need_step_on(
        &mut self,
        key: &str,
        step: Step,
        note: &str,
        by: Option<&str>,
        today: chrono::NaiveDate,
    ) -> Result<NeedRecord> {
        step.validate(today)?;
        let id = self.need_id_of(key)?;
        let village = self.need(&id)?.need.village;
        let author = match (by.map(str::trim).filter(|b| !b.is_empty()), &self.profile) {
            (Some(b), _) => b.to_string(),
            (None, Some(p)) => p.user.clone(),
            (None, None) => return Err(Error::invalid("经办人", "请填写您的姓名").into()),
        };
        let note = note.trim().to_string();
        if note.chars().count() > 2000 {
            return Err(Error::invalid("备注", "不超过 2000 字，请精简").into());
        }
        let by_name = author.clone();
        self.commit_stamped(&village, &author, |s| {
            let current = s.need(&id)?;
            check_step(&step, current.folded.status)?;
            let mut step = step;
            if let Step::Merge { into, into_code } = &mut step {
                let target = s.need(into)?;
                if target.need.id == id {
                    return Err(Error::Rule(
                        "不能合并到这条诉求自己，请填写重复的另一条诉求的查询码".into(),
                    )
                    .into());
                }
                *into = target.need.id.clone();
                *into_code = target.need.code.clone();
            }
            let event_id = s.entity_id_after(0);
            let event = NeedEvent {
                id: event_id.clone(),
                need_id: id.clone(),
                step,
                by: by_name,
                date: today,
                note,
                after: current.folded.heads.clone(),
            };
            let value = serde_json::to_value(&event)
                .map_err(|e| Error::Rule(format!("办理记录无法保存：{e}")))?;
            Ok(vec![Draft::insert(entity::NEED_EVENT, &event_id, value)])
        })?;
        self.need(&id)
    }

    /// A filtered page of needs, newest first.
    pub fn list_needs(&self, f: &NeedFilter) -> Result<Vec<NeedRow>> {
        let today = self.today();
        let (clause, mut args) = where_clause(f, today, true);
        args.push((f.limit.unwrap_or(usize::MAX >> 2) as i64).into());
        args.push((f.offset as i64).into());
        let n = args.len();
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM need n LEFT JOIN household h ON h.id = n.household_id{clause}
             ORDER BY n.created_on DESC, n.id DESC LIMIT ?{} OFFSET ?{n}",
            n - 1
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                row_to_need_row(r, today)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many needs of the filter (its status left out) are in each status.
    pub fn need_status_counts(&self, f: &NeedFilter) -> Result<BTreeMap<Status, u64>> {
        let (clause, args) = where_clause(f, self.today(), false);
        let sql = format!("SELECT n.status, count(*) FROM need n{clause} GROUP BY n.status");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out = BTreeMap::new();
        for r in stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (k, n) = r?;
            if let Some(s) = parse_key::<Status>(&k) {
                out.insert(s, n as u64);
            }
        }
        Ok(out)
    }

    /// Every need's figures row ([`cunwu_core::need::figures`]).
    pub fn need_facts(&self) -> Result<Vec<NeedFacts>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, source, owner, status, created_on, promised, claimed_on, done_on, closed_on, feedback, reopens FROM need",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(NeedFacts {
                    kind: parse_key(&r.get::<_, String>(0)?).unwrap_or(Kind::Individual),
                    source: r.get(1)?,
                    owner: r.get(2)?,
                    status: parse_key(&r.get::<_, String>(3)?).unwrap_or(Status::Collected),
                    created_on: r.get::<_, String>(4)?.parse().unwrap_or_default(),
                    promised: opt_date(r.get(5)?),
                    claimed_on: opt_date(r.get(6)?),
                    done_on: opt_date(r.get(7)?),
                    closed_on: opt_date(r.get(8)?),
                    feedback: r
                        .get::<_, Option<String>>(9)?
                        .and_then(|s| parse_key::<Satisfaction>(&s)),
                    reopens: r.get::<_, i64>(10)? as u32,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Claims of 微心愿: (owner's person id, owner's name, first claim date).
    pub fn wish_claims(&self) -> Result<Vec<(Option<String>, String, chrono::NaiveDate)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT owner_id, owner, claimed_on FROM need WHERE source = 'micro_wish' AND claimed_on IS NOT NULL AND owner IS NOT NULL",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?.parse().unwrap_or_default(),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Add a person (name required).
    pub fn add_person(&mut self, values: &BTreeMap<PersonField, String>) -> Result<Person> {
        let id = self.new_entity_id();
        let mut drafts = Vec::new();
        let mut errors = Vec::new();
        for f in PersonField::ALL {
            let raw = values.get(&f).map(String::as_str).unwrap_or("");
            match f.normalize(raw) {
                Ok(v) if !v.is_empty() => drafts.push(Draft::set(entity::PERSON, &id, f.key(), v)),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(crate::household::join_errors(errors).into());
        }
        self.commit_local(drafts)?;
        self.person(&id)
    }

    /// Change one field of a person.
    pub fn edit_person(&mut self, key: &str, field: PersonField, raw: &str) -> Result<Person> {
        let p = self.person(key)?;
        let v = field.normalize(raw)?;
        self.commit_local(vec![Draft::set(entity::PERSON, &p.id, field.key(), v)])?;
        self.person(&p.id)
    }

    /// A person by id or exact name.
    pub fn person(&self, key: &str) -> Result<Person> {
        let key = key.trim();
        let found: Vec<Person> = self
            .conn
            .prepare_cached(
                "SELECT id, name, role, branch, phone, party_member FROM person WHERE id = ?1 OR name = ?1 ORDER BY id",
            )?
            .query_map([key], person_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        match found.as_slice() {
            [] => Err(Error::not_found("人员", key).into()),
            [one] => Ok(one.clone()),
            [first, ..] if first.id == key => Ok(first.clone()),
            _ => Err(Error::Rule(format!(
                "有 {} 位叫“{key}”的人员，请用编号指明：{}",
                found.len(),
                found
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ))
            .into()),
        }
    }

    /// Every person, by name.
    pub fn people(&self) -> Result<Vec<Person>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT id, name, role, branch, phone, party_member FROM person ORDER BY name, id",
            )?
            .query_map([], person_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
