-- Moderation: an organizer hides a topic (attendees no longer see it, the
-- organizers' list keeps it, the scheduler leaves it out) or blocks an
-- attendee (their topics hidden, their votes set aside and no longer
-- counted, no more posting in that event). Both are reversible and every
-- action is recorded.

ALTER TABLE topics ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
-- Hidden because its proposer is blocked (cleared again on unblock, without
-- touching a hide of its own).
ALTER TABLE topics ADD COLUMN hidden_by_block INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attendees ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;

-- A blocked attendee's votes, kept aside so that unblocking restores them.
CREATE TABLE suspended_votes (
    attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    topic_id    INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (attendee_id, topic_id)
);

CREATE TABLE moderation_log (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    organizer_id INTEGER REFERENCES organizers(id) ON DELETE SET NULL,
    action       TEXT NOT NULL CHECK (action IN ('hide', 'show', 'block', 'unblock')),
    topic_id     INTEGER REFERENCES topics(id) ON DELETE SET NULL,
    attendee_id  INTEGER REFERENCES attendees(id) ON DELETE SET NULL,
    at           TEXT NOT NULL
);
CREATE INDEX moderation_log_event ON moderation_log(event_id, at);
