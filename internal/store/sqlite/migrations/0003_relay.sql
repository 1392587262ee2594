-- Sessions of `esahayak listen`. A listener's forwards are recorded as
-- deliveries (and attempts) whose endpoint_id is the session id; they are
-- written finished, with due_at NULL, so the delivery engine never claims
-- them.
CREATE TABLE listen_sessions (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,
    events       TEXT NOT NULL,
    forward_to   TEXT NOT NULL DEFAULT '',
    secret       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER,
    closed_at    INTEGER
);
CREATE INDEX listen_sessions_account ON listen_sessions(account_id, id);
-- A session's delivery of an event is found through deliveries_event: an
-- event has only a few deliveries, so no index is added to that hot table.
