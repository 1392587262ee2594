-- The PostgreSQL twin of store/sqlite/migrations/0002_dashboard.sql:
-- dashboard sign-in sessions, found by the SHA-256 of their token (the
-- token itself is never stored).
CREATE TABLE dashboard_sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      text COLLATE "C" NOT NULL,
    account_id   text COLLATE "C" NOT NULL,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    CHECK (length(token_hash) = 32),
    CHECK (expires_at >= created_at)
);
CREATE INDEX dashboard_sessions_expires ON dashboard_sessions (expires_at);
CREATE INDEX dashboard_sessions_user ON dashboard_sessions (user_id);
