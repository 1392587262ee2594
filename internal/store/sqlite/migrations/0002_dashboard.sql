-- Dashboard sign-in sessions. The token itself is never stored: only its
-- SHA-256 (token_hash), so a copy of the database cannot sign anyone in.
CREATE TABLE dashboard_sessions (
    token_hash   BLOB PRIMARY KEY,
    user_id      TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    CHECK (length(token_hash) = 32),
    CHECK (expires_at >= created_at)
);
CREATE INDEX dashboard_sessions_expires ON dashboard_sessions(expires_at);
CREATE INDEX dashboard_sessions_user ON dashboard_sessions(user_id);
