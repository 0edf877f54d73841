-- Kring's first schema. Times are stored as UTC RFC 3339 text; booleans as 0/1.

CREATE TABLE organizers (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    timezone        TEXT NOT NULL,
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    proposing_open  INTEGER NOT NULL DEFAULT 1,
    voting_open     INTEGER NOT NULL DEFAULT 1,
    vote_budget     INTEGER,          -- NULL: unlimited
    hide_counts     INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    CHECK (end_date >= start_date),
    CHECK (vote_budget IS NULL OR vote_budget > 0)
);

CREATE TABLE rooms (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    capacity  INTEGER NOT NULL CHECK (capacity > 0),
    features  TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    position  INTEGER NOT NULL,
    UNIQUE (event_id, name)
);

CREATE TABLE slots (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);

CREATE TABLE attendees (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    display_name TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX attendees_event ON attendees(event_id);

CREATE TABLE topics (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn', 'merged')),
    merged_into INTEGER REFERENCES topics(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK ((status = 'merged') = (merged_into IS NOT NULL))
);
CREATE INDEX topics_event ON topics(event_id, status);

CREATE TABLE topic_hosts (
    topic_id    INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('proposer', 'cohost')),
    joined_at   TEXT NOT NULL,
    PRIMARY KEY (topic_id, attendee_id)
);
CREATE INDEX topic_hosts_attendee ON topic_hosts(attendee_id);

-- One vote per (attendee, topic): a retried or doubled request is a no-op.
CREATE TABLE votes (
    attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    topic_id    INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (attendee_id, topic_id)
);
CREATE INDEX votes_topic ON votes(topic_id);

-- The published schedule (filled by the scheduler's issue). Rooms and slots that
-- a session uses cannot be deleted without first clearing it (RESTRICT).
CREATE TABLE schedule_sessions (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    room_id  INTEGER NOT NULL REFERENCES rooms(id) ON DELETE RESTRICT,
    slot_id  INTEGER NOT NULL REFERENCES slots(id) ON DELETE RESTRICT,
    UNIQUE (room_id, slot_id)
);

CREATE TABLE schedule_session_topics (
    session_id INTEGER NOT NULL REFERENCES schedule_sessions(id) ON DELETE CASCADE,
    topic_id   INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, topic_id)
);

-- Small facts about this installation, such as whether the demo was seeded.
CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
