-- Deliveries held back (held.go): the endpoints an event was also for
-- whose lanes were full when it was written, one row per event instead of
-- a delivery row (a heap tuple and five B-tree entries) per endpoint.
-- holder is the instance (its --instance-id, the leases' owner) that keeps
-- them in memory and writes them when those endpoints have room; any read
-- that could show them writes its account's first, and the instances
-- write those of a holder that is gone. A row is deleted once its list is
-- empty. The foreign key keeps retention from pruning an event whose
-- deliveries are not all written.
CREATE TABLE held_fanouts (
    event_id   text COLLATE "C" PRIMARY KEY REFERENCES events (id),
    account_id text COLLATE "C" NOT NULL,
    holder     text COLLATE "C" NOT NULL,
    endpoints  text[] NOT NULL,
    -- the deliveries' created_at (store.FanOutTime), and their due time
    created_at timestamptz NOT NULL
);
CREATE INDEX held_fanouts_account ON held_fanouts (account_id);
