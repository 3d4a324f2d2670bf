-- Needs (诉求 / 微心愿): an index of every need with the fold of its
-- events (status, owner, dates), for filtered lists; the need and each
-- event are facts in change_log at (device, counter).
CREATE TABLE need (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL,
    village       TEXT NOT NULL,
    household_id  TEXT,
    group_no      TEXT,
    visit_id      TEXT,
    requester     TEXT NOT NULL,
    text          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    category      TEXT NOT NULL,
    source        TEXT NOT NULL,
    created_on    TEXT NOT NULL,
    status        TEXT NOT NULL,
    owner         TEXT,
    owner_id      TEXT,
    promised      TEXT,
    claimed_on    TEXT,
    done_on       TEXT,
    closed_on     TEXT,
    feedback      TEXT,
    review_on     TEXT,
    reopens       INTEGER NOT NULL DEFAULT 0,
    urges         INTEGER NOT NULL DEFAULT 0,
    conflicts     INTEGER NOT NULL DEFAULT 0,
    events        INTEGER NOT NULL DEFAULT 0,
    device        TEXT NOT NULL,
    counter       INTEGER NOT NULL
) STRICT;

-- Lists are newest first (created_on, id): the list indexes end in that
-- order so a page is read off the index; need_facets and need_open cover
-- the counts of each status and of overdue needs under any filter.
CREATE INDEX need_code ON need (code);
CREATE INDEX need_status ON need (status, created_on, id);
CREATE INDEX need_created ON need (created_on, id);
CREATE INDEX need_open ON need (status, promised);
CREATE INDEX need_facets ON need (kind, category, owner, group_no, status, promised, source, household_id);
CREATE INDEX need_household ON need (household_id);
CREATE INDEX need_visit ON need (visit_id);
CREATE INDEX need_owner ON need (owner);
CREATE INDEX need_group ON need (group_no, created_on, id);
CREATE INDEX need_device ON need (device);

CREATE TABLE need_event (
    id       TEXT PRIMARY KEY,
    need_id  TEXT NOT NULL,
    device   TEXT NOT NULL,
    counter  INTEGER NOT NULL
) STRICT;

CREATE INDEX need_event_need ON need_event (need_id);

-- People who claim needs: 工作队员, 村两委, 党员 (an editable record).
CREATE TABLE person (
    id            TEXT PRIMARY KEY,
    name          TEXT,
    role          TEXT,
    branch        TEXT,
    phone         TEXT,
    party_member  TEXT,
    conflicts     INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Needs and people synced here by a newer laptop before this version were
-- kept in the log only: rebuild their rows when the store next opens.
INSERT INTO meta (key, value)
SELECT 'needs.rebuild', '1'
WHERE EXISTS (SELECT 1 FROM change_log WHERE entity IN ('need', 'need_event', 'person'));
