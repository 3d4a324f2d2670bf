-- Cunwu local database, schema version 2: the co-op's books.
-- Every table here is materialized from change_log (entities ledger_fact,
-- lot_event, ledger_assertion, ledger_member) and can be rebuilt from it.
-- `live` is written by the in-memory fold (cunwu_store::Ledger): 0 for a
-- synced voucher the ledger rules refused (quarantined), never counted.

-- Ledger changes in the order they arrived here; the fold replays them in
-- (hlc, device, counter) order and catches up by `arrival`.
CREATE TABLE ledger_change (
    arrival INTEGER PRIMARY KEY,
    device  TEXT    NOT NULL,
    counter INTEGER NOT NULL,
    hlc     INTEGER NOT NULL,
    entity  TEXT    NOT NULL,
    UNIQUE (device, counter)
) STRICT;

CREATE INDEX ledger_change_order ON ledger_change (hlc, device, counter);

-- Posted vouchers, one row per voucher_posted fact.
CREATE TABLE ledger_voucher (
    device         TEXT    NOT NULL,   -- change id of the fact
    counter        INTEGER NOT NULL,
    voucher_device TEXT    NOT NULL,   -- the voucher's own id
    voucher_seq    INTEGER NOT NULL,
    series         TEXT    NOT NULL,
    number         INTEGER NOT NULL,
    date           TEXT    NOT NULL,
    summary        TEXT    NOT NULL,
    reverses       TEXT,               -- "device#seq" of the original
    source         TEXT    NOT NULL,   -- manual / lot / surplus / closing
    lot            TEXT,
    handler        TEXT    NOT NULL,
    approver       TEXT    NOT NULL,
    accountant     TEXT    NOT NULL,
    cashier        TEXT    NOT NULL,
    prev_hash      TEXT    NOT NULL,
    live           INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (device, counter)
) STRICT, WITHOUT ROWID;

CREATE INDEX ledger_voucher_id ON ledger_voucher (voucher_device, voucher_seq);
CREATE INDEX ledger_voucher_date ON ledger_voucher (date, series, number);

-- Voucher lines: what the trial balance and the ledgers sum in SQL.
CREATE TABLE ledger_line (
    device  TEXT    NOT NULL,
    counter INTEGER NOT NULL,
    line    INTEGER NOT NULL,
    date    TEXT    NOT NULL,
    account TEXT    NOT NULL,
    member  TEXT,
    debit   INTEGER NOT NULL,
    credit  INTEGER NOT NULL,
    live    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (device, counter, line)
) STRICT, WITHOUT ROWID;

-- Covering index: the trial balance reads it in account order, no table lookups.
CREATE INDEX ledger_line_account ON ledger_line (account, date, live, debit, credit);
CREATE INDEX ledger_line_member ON ledger_line (member, date) WHERE member IS NOT NULL;

-- Sub-accounts opened (per member, per product).
CREATE TABLE ledger_account (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    parent TEXT NOT NULL,
    member TEXT
) STRICT, WITHOUT ROWID;

-- Households in the co-op's books: member number (户编号 when first used).
CREATE TABLE ledger_member (
    member       TEXT PRIMARY KEY,
    household_id TEXT NOT NULL,
    name         TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX ledger_member_household ON ledger_member (household_id);

-- Pooled lots as opened (their events are folded in memory).
CREATE TABLE coop_lot (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    owner       TEXT NOT NULL,
    opened_on   TEXT NOT NULL,
    raw_product TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Ledger changes a version-1 database already held (synced from a newer
-- device) are queued for the fold, which materializes them on first open.
INSERT INTO ledger_change (device, counter, hlc, entity)
SELECT device, counter, hlc, entity FROM change_log
WHERE field IS NULL AND entity IN ('ledger_fact', 'lot_event', 'ledger_assertion', 'ledger_member')
ORDER BY hlc, device, counter;
INSERT INTO meta (key, value)
SELECT 'ledger.rematerialize', '1' WHERE EXISTS (SELECT 1 FROM ledger_change);
