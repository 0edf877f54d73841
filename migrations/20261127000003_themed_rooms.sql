-- Themed rooms: the share of unserved votes, in percent, that the engine may
-- give up so that each room keeps to one theme (the engine's `themed_rooms`,
-- divided by 100). 0 keeps the engine theme-blind.
ALTER TABLE events ADD COLUMN themed_rooms_percent INTEGER NOT NULL DEFAULT 2
    CHECK (themed_rooms_percent BETWEEN 0 AND 20);
