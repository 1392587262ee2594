-- Times are Unix microseconds (INTEGER): compact, sortable, and exact.
-- Ids sort by creation time, so pruning finds old rows through the primary
-- key (ids.Floor) and needs no index on created_at.
CREATE TABLE accounts (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    name         TEXT NOT NULL DEFAULT '',
    prefix       TEXT NOT NULL,
    hash         BLOB NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_keys_account ON api_keys(account_id, id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts(id),
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE orders (
    id                 TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL REFERENCES accounts(id),
    status             TEXT NOT NULL CHECK (status IN ('PROCESSING','COMPLETED','FAILED','DELIVERED','CANCELLED')),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    stamp_id           TEXT NOT NULL,
    state              TEXT NOT NULL,
    amount             INTEGER NOT NULL CHECK (amount > 0),
    article_code       TEXT NOT NULL,
    provider           TEXT NOT NULL,
    delivery_requested INTEGER NOT NULL,
    error_code         TEXT NOT NULL DEFAULT '',
    error_message      TEXT NOT NULL DEFAULT '',
    delivery_partner   TEXT NOT NULL DEFAULT '',
    tracking_id        TEXT NOT NULL DEFAULT '',
    delivered_at       INTEGER,
    cancel_reason      TEXT NOT NULL DEFAULT '',
    cancelled_at       INTEGER,
    refund_amount      INTEGER NOT NULL DEFAULT 0,
    refund_status      TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL
);
CREATE INDEX orders_account ON orders(account_id, id);
CREATE INDEX orders_account_status ON orders(account_id, status, id);

CREATE TABLE idempotency_keys (
    account_id   TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash BLOB NOT NULL,
    order_id     TEXT NOT NULL,
    response     BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

CREATE TABLE events (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    order_id   TEXT,
    type       TEXT NOT NULL,
    payload    BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    test       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_account ON events(account_id, id);
CREATE INDEX events_order ON events(order_id, id);

CREATE TABLE endpoints (
    id                          TEXT PRIMARY KEY,
    account_id                  TEXT NOT NULL,
    url                         TEXT NOT NULL,
    description                 TEXT NOT NULL DEFAULT '',
    events                      TEXT NOT NULL,
    status                      TEXT NOT NULL CHECK (status IN ('enabled','disabled')),
    disabled_reason             TEXT NOT NULL DEFAULT '',
    secret                      TEXT NOT NULL,
    previous_secret             TEXT NOT NULL DEFAULT '',
    previous_secret_expires_at  INTEGER,
    failing_since               INTEGER,
    created_at                  INTEGER NOT NULL,
    updated_at                  INTEGER NOT NULL,
    deleted_at                  INTEGER
);
CREATE INDEX endpoints_account ON endpoints(account_id, id);

CREATE TABLE deliveries (
    id               TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    endpoint_id      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending','retrying','succeeded','failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    round_attempts   INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER,
    last_attempt_at  INTEGER,
    last_status_code INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    -- due_at: when the delivery may next be claimed (a retry time, or the end
    -- of the current lease). NULL when finished or parked.
    due_at           INTEGER,
    lease_owner      TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    test             INTEGER NOT NULL DEFAULT 0,
    CHECK (due_at IS NULL OR status IN ('pending','retrying'))
);
-- The claim query reads only this index: its cost does not grow with the
-- number of finished deliveries.
CREATE INDEX deliveries_due ON deliveries(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX deliveries_account ON deliveries(account_id, id);
CREATE INDEX deliveries_endpoint ON deliveries(endpoint_id, id);
CREATE INDEX deliveries_event ON deliveries(event_id);

CREATE TABLE attempts (
    id               TEXT PRIMARY KEY,
    delivery_id      TEXT NOT NULL,
    account_id       TEXT NOT NULL,
    endpoint_id      TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    number           INTEGER NOT NULL,
    started_at       INTEGER NOT NULL,
    duration_us      INTEGER NOT NULL,
    request_headers  TEXT NOT NULL,
    response_status  INTEGER NOT NULL,
    response_headers TEXT NOT NULL,
    response_body    TEXT NOT NULL,
    error            TEXT NOT NULL,
    error_kind       TEXT NOT NULL,
    succeeded        INTEGER NOT NULL
);
CREATE INDEX attempts_delivery ON attempts(delivery_id, number);
CREATE INDEX attempts_endpoint ON attempts(endpoint_id, started_at);
