-- Cunwu local database, schema version 2: the co-op's books.
-- Every table here is materialized from change_log (entities ledger_fact,
-- lot_event, ledger_assertion, ledger_member) and can be rebuilt from it.
-- `live` is written by the in-memory fold (cunwu_store::Ledger): 0 for a
-- synced voucher the ledger rules refused (quarantined), never counted.

-- Ledger changes in the order they arrived here; the fold replays them in
-- (hlc, device, counter) order and catches up by `arrival`. Each change is
-- materialized once (the change log drops replays before this point).
-- Indexes are few on purpose: every one is written by every posting.
CREATE TABLE ledger_change (
    arrival INTEGER PRIMARY KEY,
    device  TEXT    NOT NULL,
    counter INTEGER NOT NULL,
    hlc     INTEGER NOT NULL,
    entity  TEXT    NOT NULL
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


-- Voucher lines, as posted.
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

-- Refused (quarantined) vouchers: a tiny partial index, empty while none is.
CREATE INDEX ledger_voucher_dead ON ledger_voucher (device, counter) WHERE live = 0;

-- Live lines summed per account and day: what the trial balance reads
-- (tens of thousands of rows for a year, however many vouchers), kept by
-- the same code that writes and un-counts lines.
CREATE TABLE ledger_day (
    account TEXT    NOT NULL,
    date    TEXT    NOT NULL,
    debit   INTEGER NOT NULL,
    credit  INTEGER NOT NULL,
    lines   INTEGER NOT NULL,
    PRIMARY KEY (account, date)
) STRICT, WITHOUT ROWID;

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
