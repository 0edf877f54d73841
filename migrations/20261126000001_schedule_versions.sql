-- Schedules as versions: the engine writes a draft, an organizer adjusts it and
-- publishes it. Published versions are numbered and kept, so that a roll back
-- and a "what changed" are always possible. `schedule_sessions` (first
-- migration) stays the copy of the current published version, which rooms
-- and slots in use cannot be deleted from under.

CREATE TABLE schedule_versions (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    -- draft: being reviewed (at most one per event); published: attendees saw
    -- it (the highest number is the current one); discarded: replaced drafts.
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published', 'discarded')),
    number       INTEGER,            -- 1, 2, ... once published
    created_by   INTEGER REFERENCES organizers(id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    published_by INTEGER REFERENCES organizers(id) ON DELETE SET NULL,
    published_at TEXT,
    -- Fingerprint of what the engine saw (topics, votes, rooms, slots, rules):
    -- a draft whose fingerprint differs from today's is out of date.
    input_hash   TEXT NOT NULL,
    -- The engine's statistics (solver::Stats as JSON) and how the draft came
    -- to be ("engine", "rollback to 2", ...).
    stats        TEXT NOT NULL DEFAULT '{}',
    origin       TEXT NOT NULL DEFAULT 'engine',
    CHECK ((status = 'published') = (number IS NOT NULL)),
    UNIQUE (event_id, number)
);
CREATE UNIQUE INDEX schedule_versions_one_draft ON schedule_versions(event_id) WHERE status = 'draft';

CREATE TABLE version_sessions (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES schedule_versions(id) ON DELETE CASCADE,
    room_id    INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    slot_id    INTEGER NOT NULL REFERENCES slots(id) ON DELETE CASCADE,
    UNIQUE (version_id, room_id, slot_id)
);

CREATE TABLE version_session_topics (
    session_id INTEGER NOT NULL REFERENCES version_sessions(id) ON DELETE CASCADE,
    topic_id   INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, topic_id)
);
CREATE INDEX version_session_topics_topic ON version_session_topics(topic_id);

-- Rules the organizer sets for the engine.
CREATE TABLE schedule_pins (
    topic_id INTEGER PRIMARY KEY REFERENCES topics(id) ON DELETE CASCADE,
    room_id  INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    slot_id  INTEGER NOT NULL REFERENCES slots(id) ON DELETE CASCADE
);

CREATE TABLE room_closures (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    slot_id INTEGER NOT NULL REFERENCES slots(id) ON DELETE CASCADE,
    PRIMARY KEY (room_id, slot_id)
);

-- Topic pairs an organizer split after the engine merged them: never merged again.
CREATE TABLE topics_apart (
    topic_a INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    topic_b INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    PRIMARY KEY (topic_a, topic_b),
    CHECK (topic_a < topic_b)
);

CREATE TABLE host_unavailable (
    attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    slot_id     INTEGER NOT NULL REFERENCES slots(id) ON DELETE CASCADE,
    PRIMARY KEY (attendee_id, slot_id)
);

-- How many votes a change to the published schedule must gain to be made
-- when re-planning (the engine's `stability`).
ALTER TABLE events ADD COLUMN stability INTEGER NOT NULL DEFAULT 5 CHECK (stability >= 0);

-- A secret per attendee for their personal calendar feed.
ALTER TABLE attendees ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX attendees_calendar_token ON attendees(calendar_token);

-- When an attendee last looked at their agenda (to mark what changed since).
ALTER TABLE attendees ADD COLUMN agenda_seen_version INTEGER;
