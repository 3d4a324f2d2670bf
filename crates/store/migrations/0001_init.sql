-- Cunwu local database, schema version 1.
-- The change log is the source of truth; the domain tables below it are
-- materialized from it and can be rebuilt.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
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
    received_ms INTEGER NOT NULL,
    PRIMARY KEY (device, counter)
) STRICT, WITHOUT ROWID;

-- Changes named in some other change's `supersedes`.
CREATE TABLE superseded (
    device  TEXT    NOT NULL,
    counter INTEGER NOT NULL,
    PRIMARY KEY (device, counter)
) STRICT, WITHOUT ROWID;

-- The unsuperseded Set changes of each field: one row normally, several
-- while the field is in conflict.
CREATE TABLE field_head (
    entity    TEXT    NOT NULL,
    entity_id TEXT    NOT NULL,
    field     TEXT    NOT NULL,
    device    TEXT    NOT NULL,
    counter   INTEGER NOT NULL,
    hlc       INTEGER NOT NULL,
    PRIMARY KEY (entity, entity_id, field, device, counter)
) STRICT, WITHOUT ROWID;

-- Per device: every counter up to `contiguous` is held here.
CREATE TABLE device_progress (
    device     TEXT PRIMARY KEY,
    contiguous INTEGER NOT NULL
) STRICT;

CREATE TABLE household (
    id             TEXT PRIMARY KEY,
    code           TEXT,
    head_name      TEXT,
    group_no       TEXT,
    address        TEXT,
    phone          TEXT,
    head_id_number TEXT,
    category       TEXT,
    monitoring     TEXT,
    poverty_causes TEXT,
    cadre          TEXT,
    bank_name      TEXT,
    bank_account   TEXT,
    notes          TEXT,
    name_initials  TEXT NOT NULL DEFAULT '',
    name_full      TEXT NOT NULL DEFAULT '',
    conflicts      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX household_code ON household (code);
CREATE INDEX household_group ON household (group_no);

CREATE TABLE member (
    id           TEXT PRIMARY KEY,
    household_id TEXT,
    name         TEXT,
    sex          TEXT,
    id_number    TEXT,
    relation     TEXT,
    health       TEXT,
    schooling    TEXT,
    migrant_work TEXT,
    insurance    TEXT,
    removed      TEXT,
    conflicts    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX member_household ON member (household_id);

-- Visits: what lists and filters need. The visit itself is the fact in
-- change_log at (device, counter); it is not stored twice.
CREATE TABLE visit (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL,
    date         TEXT NOT NULL,
    amends       TEXT,
    device       TEXT NOT NULL,
    counter      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX visit_household ON visit (household_id, date);
