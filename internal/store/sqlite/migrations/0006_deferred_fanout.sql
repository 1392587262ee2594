-- An event's deliveries to endpoints whose lanes were full when it was
-- written are inserted by a second, background write (see fanout.go), so
-- the deliveries leased at once leave without waiting for them. Until that
-- write commits, fanout_pending lists those endpoints, comma-separated; a
-- process that dies in between finishes the job when the store opens again.
ALTER TABLE events ADD COLUMN fanout_pending TEXT;
CREATE INDEX events_fanout_pending ON events(id) WHERE fanout_pending IS NOT NULL;
