-- The PostgreSQL twin of store/sqlite/migrations/0003_relay.sql: sessions
-- of `esahayak listen`. A listener's forwards are recorded as deliveries
-- (and attempts) whose endpoint_id is the session id; they are written
-- finished, with due_at NULL, so the delivery engine never claims them.
CREATE TABLE listen_sessions (
    id           text COLLATE "C" PRIMARY KEY,
    account_id   text COLLATE "C" NOT NULL,
    events       text[] NOT NULL,
    forward_to   text NOT NULL DEFAULT '',
    secret       text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz,
    closed_at    timestamptz
);
CREATE INDEX listen_sessions_account ON listen_sessions (account_id, id);
-- A session's delivery of an event is found through deliveries_event: an
-- event has only a few deliveries, so no index is added to that hot table.
