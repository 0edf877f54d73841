-- Organizers belong to events. The first organizer of an instance is its
-- administrator (sees every event, manages organizer accounts); everybody
-- else sees only the events they own or were added to. A deactivated
-- account can no longer log in and its sessions end.

ALTER TABLE organizers ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organizers ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
UPDATE organizers SET is_admin = 1 WHERE id = (SELECT MIN(id) FROM organizers);

CREATE TABLE event_organizers (
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    organizer_id INTEGER NOT NULL REFERENCES organizers(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'co')),
    added_by     INTEGER REFERENCES organizers(id) ON DELETE SET NULL,
    added_at     TEXT NOT NULL,
    PRIMARY KEY (event_id, organizer_id)
);
CREATE INDEX event_organizers_organizer ON event_organizers(organizer_id);

-- Events from before this migration had no owner: the administrator owns
-- them (and can add the organizers who ran them), so nobody keeps access
-- they were never given explicitly.
INSERT INTO event_organizers (event_id, organizer_id, role, added_by, added_at)
SELECT e.id, o.id, 'owner', NULL, e.created_at
FROM events e JOIN organizers o ON o.is_admin = 1;
