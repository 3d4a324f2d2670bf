//! Property tests: random sequences of lots, intakes, costs, sales,
//! payouts (on two devices that sync now and then), reversals and manual
//! vouchers keep the trial balance at zero, every member sub-ledger equal
//! to its control account, and the books equal to a replay of their facts.
//! Money overflow is an error, never a wrap.

mod common;

use common::*;
use cunwu_core::money::{Fen, Grams};
use cunwu_ledger::report::{balance_sheet, trial_balance};
use cunwu_ledger::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum Op {
    OpenLot {
        dev: usize,
    },
    Intake {
        dev: usize,
        lot: usize,
        rows: Vec<(usize, i64, i64, bool)>,
    },
    Process {
        dev: usize,
        lot: usize,
    },
    Cost {
        dev: usize,
        lot: usize,
        amount: i64,
        bank: bool,
    },
    Finish {
        dev: usize,
        lot: usize,
        output: i64,
    },
    Sale {
        dev: usize,
        lot: usize,
        pct: i64,
        price: i64,
        bank: bool,
    },
    Payout {
        dev: usize,
        lot: usize,
        members: Vec<usize>,
        advance: bool,
        bank: bool,
    },
    Fix {
        dev: usize,
        lot: usize,
    },
    /// Both devices pay the same household, each unaware of the other.
    DoublePay {
        lot: usize,
        member: usize,
    },
    Reverse {
        dev: usize,
        pick: usize,
    },
    Manual {
        dev: usize,
        amount: i64,
        bank: bool,
    },
    Sync,
}

fn op() -> impl Strategy<Value = Op> {
    let dev = 0usize..2;
    let lot = 0usize..2;
    prop_oneof![
        1 => dev.clone().prop_map(|dev| Op::OpenLot { dev }),
        4 => (dev.clone(), lot.clone(), prop::collection::vec((0usize..4, 1i64..200_000, 1i64..10_000, any::<bool>()), 1..5))
            .prop_map(|(dev, lot, rows)| Op::Intake { dev, lot, rows }),
        2 => (dev.clone(), lot.clone()).prop_map(|(dev, lot)| Op::Process { dev, lot }),
        2 => (dev.clone(), lot.clone(), 1i64..100_000, any::<bool>()).prop_map(|(dev, lot, amount, bank)| Op::Cost { dev, lot, amount, bank }),
        2 => (dev.clone(), lot.clone(), 1i64..500_000).prop_map(|(dev, lot, output)| Op::Finish { dev, lot, output }),
        3 => (dev.clone(), lot.clone(), 1i64..=100, 1i64..20_000, any::<bool>())
            .prop_map(|(dev, lot, pct, price, bank)| Op::Sale { dev, lot, pct, price, bank }),
        6 => (dev.clone(), lot.clone(), prop::collection::vec(0usize..4, 1..4), any::<bool>(), any::<bool>())
            .prop_map(|(dev, lot, members, advance, bank)| Op::Payout { dev, lot, members, advance, bank }),
        2 => (dev.clone(), lot.clone()).prop_map(|(dev, lot)| Op::Fix { dev, lot }),
        2 => (lot.clone(), 0usize..4).prop_map(|(lot, member)| Op::DoublePay { lot, member }),
        2 => (dev.clone(), any::<usize>()).prop_map(|(dev, pick)| Op::Reverse { dev, pick }),
        1 => (dev.clone(), 1i64..1_000_000, any::<bool>()).prop_map(|(dev, amount, bank)| Op::Manual { dev, amount, bank }),
        3 => Just(Op::Sync),
    ]
}

/// A fact as the store would keep it: ordered by (clock, device, counter),
/// the change log's order.
#[derive(Debug, Clone, PartialEq)]
enum Fact {
    Ledger(LedgerFact),
    Lot(LotEvent),
}

type Key = (i64, usize, usize);

struct Replica {
    idx: usize,
    dev: DeviceSeries,
    books: Books,
    lots: BTreeMap<LotId, Lot>,
    log: BTreeMap<Key, Fact>,
    counter: usize,
    clock: i64,
}

impl Replica {
    fn new(i: usize) -> Replica {
        Replica {
            idx: i,
            dev: device(&format!("dev-{i}"), if i == 0 { "A" } else { "B" }),
            books: coop_books(),
            lots: BTreeMap::new(),
            log: BTreeMap::new(),
            counter: 0,
            clock: 0,
        }
    }
    fn lot(&self, i: usize) -> Option<Lot> {
        let n = self.lots.len();
        (n > 0)
            .then(|| self.lots.values().nth(i % n).cloned())
            .flatten()
    }
    fn keep(&mut self, facts: Vec<LedgerFact>, event: Option<LotEvent>) {
        for f in facts
            .into_iter()
            .map(Fact::Ledger)
            .chain(event.map(Fact::Lot))
        {
            self.counter += 1;
            self.log.insert((self.clock, self.idx, self.counter), f);
        }
    }
    fn run(&mut self, plan: Result<LotPlan>, lot: &LotId) {
        let Ok(plan) = plan else { return };
        let Some(l) = self.lots.get_mut(lot) else {
            return;
        };
        if let Ok(rec) = record(&mut self.books, l, plan, &self.dev) {
            self.keep(rec.facts, rec.event);
        }
    }
    /// Rebuild books and lots from the log, in the log's order.
    fn rebuild(&mut self) -> Vec<(usize, LedgerError)> {
        let ledger: Vec<LedgerFact> = self
            .log
            .values()
            .filter_map(|f| match f {
                Fact::Ledger(l) => Some(l.clone()),
                Fact::Lot(_) => None,
            })
            .collect();
        let (books, refused) = Books::replay(
            Chart::from_template(ChartTemplate::Coop2008).expect("chart"),
            LedgerSettings::default(),
            &ledger,
        );
        self.books = books;
        self.lots.clear();
        for f in self.log.values() {
            if let Fact::Lot(e) = f {
                match self.lots.get_mut(&e.lot) {
                    Some(l) => l.apply(e).expect("lot event"),
                    None => {
                        self.lots
                            .insert(e.lot.clone(), Lot::from_opened(e).expect("opened"));
                    }
                }
            }
        }
        refused
    }
}

/// Sync: both replicas hold the union of the logs and rebuild from it, as
/// the store does after receiving facts older than its own.
fn sync(reps: &mut [Replica; 2]) -> Vec<(usize, LedgerError)> {
    let union: BTreeMap<Key, Fact> = reps[0]
        .log
        .iter()
        .chain(reps[1].log.iter())
        .map(|(k, f)| (*k, f.clone()))
        .collect();
    let mut refused = Vec::new();
    for r in reps.iter_mut() {
        r.log = union.clone();
        refused = r.rebuild();
    }
    refused
}

fn member(i: usize) -> (MemberNo, String) {
    (m(&format!("H{:02}", i + 1)), format!("农户{}", i + 1))
}

fn apply(reps: &mut [Replica; 2], op: &Op, clock: i64, lots_opened: &mut usize) {
    let date = day(2026, 11, 10);
    let dev_of = |op: &Op| match op {
        Op::OpenLot { dev }
        | Op::Intake { dev, .. }
        | Op::Process { dev, .. }
        | Op::Cost { dev, .. }
        | Op::Finish { dev, .. }
        | Op::Sale { dev, .. }
        | Op::Payout { dev, .. }
        | Op::Fix { dev, .. }
        | Op::Reverse { dev, .. }
        | Op::Manual { dev, .. } => *dev,
        Op::Sync | Op::DoublePay { .. } => 0,
    };
    if let Op::Sync = op {
        sync(reps);
        return;
    }
    if let Op::DoublePay { lot, member: mi } = op {
        for (i, r) in reps.iter_mut().enumerate() {
            r.clock = clock;
            let c = ctx(&r.dev, date, clock * 2 + i as i64);
            let Some(l) = r.lot(*lot) else { continue };
            let req = vec![PayoutRequest {
                member: member(*mi).0,
                kind: PayoutKind::Purchase,
                amount: None,
            }];
            let plan = l.plan_payout(&r.books, &c, req, PayFrom::Bank);
            r.run(plan, &l.id);
        }
        return;
    }
    let r = &mut reps[dev_of(op)];
    r.clock = clock;
    let c = ctx(&r.dev, date, clock);
    let pay = |bank: bool| if bank { PayFrom::Bank } else { PayFrom::Cash };
    match op {
        Op::OpenLot { .. } => {
            *lots_opened += 1;
            let id = LotId(format!("{}-L{}", r.dev.series, lots_opened));
            if let Ok((lot, rec)) = open_lot(&mut r.books, id.clone(), "批次", "活羊", &c) {
                r.keep(rec.facts, rec.event);
                r.lots.insert(id, lot);
            }
        }
        Op::Intake { lot, rows, .. } => {
            let Some(l) = r.lot(*lot) else { return };
            let inputs = rows
                .iter()
                .map(|(mi, g, p, jin)| {
                    let (member, name) = member(*mi);
                    IntakeInput {
                        member,
                        name,
                        head: 1,
                        weight: Grams(*g),
                        grade: String::new(),
                        price: if *jin {
                            UnitPrice::per_jin(*p)
                        } else {
                            UnitPrice::per_kg(*p)
                        },
                    }
                })
                .collect();
            let plan = l.plan_intake(&r.books, &c, inputs);
            r.run(plan, &l.id);
        }
        Op::Process { lot, .. } => {
            let Some(l) = r.lot(*lot) else { return };
            let plan = l.plan_processing(&r.books, &c);
            r.run(plan, &l.id);
        }
        Op::Cost {
            lot, amount, bank, ..
        } => {
            let Some(l) = r.lot(*lot) else { return };
            let plan = l.plan_cost(
                &r.books,
                &c,
                vec![CostItem {
                    item: "运输".into(),
                    amount: Fen(*amount),
                }],
                pay(*bank),
            );
            r.run(plan, &l.id);
        }
        Op::Finish { lot, output, .. } => {
            let Some(l) = r.lot(*lot) else { return };
            let plan = l.plan_finish(&r.books, &c, "羊肉", Grams(*output));
            r.run(plan, &l.id);
        }
        Op::Sale {
            lot,
            pct,
            price,
            bank,
            ..
        } => {
            let Some(l) = r.lot(*lot) else { return };
            let Ok(st) = l.state(&r.books) else { return };
            let stock = st.finished.map(|f| f.quantity).unwrap_or(st.raw.quantity);
            let qty = Grams((stock.0 * pct / 100).max(1));
            let plan = l.plan_sale(
                &r.books,
                &c,
                "买方",
                qty,
                UnitPrice::per_kg(*price),
                pay(*bank),
            );
            r.run(plan, &l.id);
        }
        Op::Payout {
            lot,
            members,
            advance,
            bank,
            ..
        } => {
            let Some(l) = r.lot(*lot) else { return };
            let kind = if *advance {
                PayoutKind::Advance
            } else {
                PayoutKind::Purchase
            };
            let Ok(st) = l.state(&r.books) else { return };
            let req = members
                .iter()
                .map(|mi| {
                    let no = member(*mi).0;
                    let owed = st.members.get(&no).map(|p| p.owed.0).unwrap_or(0);
                    PayoutRequest {
                        member: no,
                        kind,
                        amount: advance.then(|| Fen((owed / 2).max(1))),
                    }
                })
                .collect();
            let plan = l.plan_payout(&r.books, &c, req, pay(*bank));
            r.run(plan, &l.id);
        }
        Op::Fix { lot, .. } => {
            let Some(l) = r.lot(*lot) else { return };
            let dups = payout::find_duplicate_payouts(&payout::payout_records(&l, &r.books));
            if let Some(d) = dups.first() {
                let plan = l.plan_duplicate_fix(&r.books, &c, &d.duplicates[0]);
                r.run(plan, &l.id);
            }
        }
        Op::Reverse { pick, .. } => {
            let n = r.books.vouchers().len();
            if n == 0 {
                return;
            }
            let id = r.books.vouchers()[pick % n].id.clone();
            if let Ok(body) = r.books.reversal(&id, date, signers()) {
                let dev = r.dev.clone();
                if let Ok(facts) = r.books.commit(&[], vec![body], &dev) {
                    r.keep(facts, None);
                }
            }
        }
        Op::Manual { amount, bank, .. } => {
            let acct = if *bank { "102" } else { "101" };
            let body = manual(
                date,
                "其他收入",
                vec![
                    Line::debit(acct, Fen(*amount)),
                    Line::credit("502", Fen(*amount)),
                ],
            );
            let dev = r.dev.clone();
            if let Ok(facts) = r.books.commit(&[], vec![body], &dev) {
                r.keep(facts, None);
            }
        }
        Op::Sync | Op::DoublePay { .. } => {}
    }
}

/// The invariants, checked independently of `Books::check` too.
fn assert_invariants(r: &Replica) -> std::result::Result<(), TestCaseError> {
    prop_assert!(r.books.check().is_empty(), "{:?}", r.books.check());
    let tb = trial_balance(&r.books, day(2026, 1, 1), day(2026, 12, 31)).expect("tb");
    prop_assert!(tb.is_balanced(), "{:?}", tb.total);
    prop_assert!(balance_sheet(&r.books, day(2026, 12, 31))
        .expect("bs")
        .balances());
    // Recompute from the vouchers in i128: Σdebit = Σcredit, and each
    // control account equals the sum of its member sub-accounts.
    let (mut d, mut c) = (0i128, 0i128);
    let mut per: BTreeMap<String, i128> = BTreeMap::new();
    for v in r.books.vouchers() {
        for l in &v.body.lines {
            d += i128::from(l.debit.0);
            c += i128::from(l.credit.0);
            *per.entry(l.account.0.clone()).or_default() += i128::from(l.debit.0 - l.credit.0);
        }
    }
    prop_assert_eq!(d, c);
    for control in ["114", "221"] {
        let subs: i128 = per
            .iter()
            .filter(|(k, _)| k.starts_with(&format!("{control}.")))
            .map(|(_, v)| *v)
            .sum();
        prop_assert_eq!(
            i128::from(
                r.books
                    .totals(&AccountCode::new(control))
                    .net()
                    .expect("net")
                    .0
            ),
            subs
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_co_op_activity_keeps_the_books_balanced(ops in prop::collection::vec(op(), 1..80)) {
        let mut reps = [Replica::new(0), Replica::new(1)];
        let mut lots_opened = 0;
        // Start from a lot both devices know, with deliveries from four
        // households, so payouts on both sides (and double payouts) happen.
        let prefix = [
            Op::OpenLot { dev: 0 },
            Op::Intake { dev: 0, lot: 0, rows: (0..4).map(|i| (i, 40_000 + 1_000 * i as i64, 2_800, i % 2 == 0)).collect() },
            Op::Sync,
        ];
        for (i, o) in prefix.iter().chain(ops.iter()).enumerate() {
            apply(&mut reps, o, 1_000 + i as i64, &mut lots_opened);
            for r in &reps {
                assert_invariants(r)?;
            }
        }
        let totals = |b: &Books| b.chart().accounts().map(|a| (a.code.clone(), b.totals(&a.code))).collect::<Vec<_>>();
        // Local books equal a replay of the local log: folding is the state.
        for r in &reps {
            let mut copy = Replica::new(r.idx);
            copy.log = r.log.clone();
            prop_assert!(copy.rebuild().iter().all(|(_, e)| !matches!(e, LedgerError::Overflow)));
            prop_assert_eq!(totals(&copy.books), totals(&r.books));
        }
        // After a final sync both replicas hold the same books, accept and
        // refuse the same facts, and every device's chain is intact over
        // what they hold.
        sync(&mut reps);
        prop_assert_eq!(totals(&reps[0].books), totals(&reps[1].books));
        let ids = |b: &Books| (b.vouchers().iter().map(|v| v.id.clone()).collect::<Vec<_>>(), b.quarantined().iter().map(|(v, _)| v.id.clone()).collect::<Vec<_>>());
        prop_assert_eq!(ids(&reps[0].books), ids(&reps[1].books));
        for r in &reps {
            assert_invariants(r)?;
            let all = r.books.all_vouchers();
            prop_assert!(chain::first_break(&chain::verify_chain(&all)).is_none(), "{:?}", chain::first_break(&chain::verify_chain(&all)));
        }
    }

    #[test]
    fn money_overflow_is_an_error_never_a_wrap(amounts in prop::collection::vec(i64::MAX / 4..=i64::MAX, 1..8)) {
        let mut books = coop_books();
        let dev = device("d", "A");
        let mut expected: i128 = 0;
        for a in amounts {
            let body = manual(day(2026, 11, 1), "大额", vec![Line::debit("102", Fen(a)), Line::credit("502", Fen(a))]);
            match books.post(body, &dev) {
                Ok(_) => expected += i128::from(a),
                Err(e) => prop_assert_eq!(e, LedgerError::Overflow),
            }
            prop_assert!(expected <= i128::from(i64::MAX));
            prop_assert_eq!(i128::from(books.totals(&"102".into()).debit.0), expected);
            prop_assert!(books.check().is_empty());
        }
    }

    #[test]
    fn intake_amounts_never_wrap(g in 1i64..=i64::MAX, p in 1i64..=i64::MAX) {
        let mut books = coop_books();
        let dev = device("d", "A");
        let c = ctx(&dev, day(2026, 11, 1), 1);
        let (lot, _) = open_lot(&mut books, LotId("L".into()), "批次", "活羊", &c).expect("open");
        let input = IntakeInput { member: m("H01"), name: "甲".into(), head: 1, weight: Grams(g), grade: String::new(), price: UnitPrice::per_kg(p) };
        match lot.plan_intake(&books, &c, vec![input]) {
            Ok(plan) => {
                let exact = (i128::from(g) * i128::from(p) * 2 + 1000) / 2000;
                prop_assert_eq!(i128::from(plan.bodies[0].lines[0].debit.0), exact);
            }
            Err(e) => prop_assert!(matches!(e, LedgerError::Overflow | LedgerError::Invalid { .. }), "{:?}", e),
        }
    }
}
