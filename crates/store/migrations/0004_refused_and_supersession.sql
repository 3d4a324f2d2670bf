-- Cunwu local database, schema version 4.
--
-- 1. Changes a hub (or this laptop's own write rule) refused, kept by id
--    with the Chinese reason, so `cunwu sync status` and the 同步 page can
--    list them and the push does not send them again.
CREATE TABLE sync_refused (
    device   TEXT    NOT NULL,
    counter  INTEGER NOT NULL,
    message  TEXT    NOT NULL,
    at_ms    INTEGER NOT NULL,
    PRIMARY KEY (device, counter)
) STRICT, WITHOUT ROWID;

-- 2. A supersession counts only for a Set of the same village, entity,
--    entity id and field: `superseded` now names what superseded it. Rows
--    are rebuilt from the log (each Set's `supersedes`); a mark made by
--    another record's change before this version is dropped.
CREATE TABLE superseded_by (
    device    TEXT    NOT NULL,
    counter   INTEGER NOT NULL,
    village   TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id TEXT    NOT NULL,
    field     TEXT    NOT NULL,
    PRIMARY KEY (device, counter, village, entity, entity_id, field)
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO superseded_by
SELECT json_extract(j.value, '$.device'), json_extract(j.value, '$.counter'),
       c.village, c.entity, c.entity_id, c.field
FROM change_log c, json_each(c.supersedes) j
WHERE c.field IS NOT NULL AND c.supersedes <> '[]';

DROP TABLE superseded;
ALTER TABLE superseded_by RENAME TO superseded;
