-- The venue board's settings, per event: what it shows ('auto' switches to
-- the schedule once one is published; 'market' and 'schedule' force a mode)
-- and how long each page of rooms stays up when they do not fit one screen.
ALTER TABLE events ADD COLUMN board_mode TEXT NOT NULL DEFAULT 'auto'
    CHECK (board_mode IN ('auto', 'market', 'schedule'));
ALTER TABLE events ADD COLUMN board_page_seconds INTEGER NOT NULL DEFAULT 12
    CHECK (board_page_seconds BETWEEN 5 AND 120);
