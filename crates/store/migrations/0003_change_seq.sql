-- Cunwu local database, schema version 3: the change log as a rowid table
-- keyed by a local sequence number, and visits indexed by household.
--
-- Why: a change row (~400 bytes with its JSON value) in a WITHOUT ROWID
-- table repeats whole rows in its interior pages (fan-out ~9), so every few
-- appends rebalanced four pages; logging one visit wrote five WAL pages.
-- Keyed by an integer, the log appends to one page, and a visit needs only
-- one more b-tree (its household's visits), like a plain table and index.

-- Each device whose changes are held gets a small local number, never
-- reused and never sent anywhere.
CREATE TABLE change_device (
    no     INTEGER PRIMARY KEY,
    device TEXT NOT NULL UNIQUE
) STRICT;

INSERT INTO change_device (device) SELECT DISTINCT device FROM change_log ORDER BY device;

-- seq = (device number << 40) | counter: one device's changes are
-- contiguous and in counter order; (device, counter) stays unique because
-- counters are below 2^40 (checked on insert).
CREATE TABLE change_log_by_seq (
    seq        INTEGER PRIMARY KEY,
    device     TEXT    NOT NULL,
    counter    INTEGER NOT NULL,
    hlc        INTEGER NOT NULL,
    author     TEXT    NOT NULL,
    village    TEXT    NOT NULL,
    entity     TEXT    NOT NULL,
    entity_id  TEXT    NOT NULL,
    field      TEXT,               -- NULL: an append-only fact
    value      TEXT    NOT NULL,   -- JSON
    supersedes TEXT    NOT NULL DEFAULT '[]',
    received_ms INTEGER NOT NULL
) STRICT;

INSERT INTO change_log_by_seq
SELECT (d.no << 40) | c.counter, c.device, c.counter, c.hlc, c.author, c.village, c.entity,
       c.entity_id, c.field, c.value, c.supersedes, c.received_ms
FROM change_log c JOIN change_device d ON d.device = c.device
ORDER BY d.no, c.counter;

DROP TABLE change_log;
ALTER TABLE change_log_by_seq RENAME TO change_log;

-- Visits keyed by household and date (what the household page, "not
-- visited in N days" and the list's last-visit column read); a visit by id
-- is found through its change (the id names the device and counter).
CREATE TABLE visit_by_household (
    household_id TEXT    NOT NULL,
    date         TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    amends       TEXT,
    device       TEXT    NOT NULL,
    counter      INTEGER NOT NULL,
    PRIMARY KEY (household_id, date, id)
) STRICT, WITHOUT ROWID;

INSERT INTO visit_by_household
SELECT household_id, date, id, amends, device, counter FROM visit;

DROP TABLE visit;
ALTER TABLE visit_by_household RENAME TO visit;
