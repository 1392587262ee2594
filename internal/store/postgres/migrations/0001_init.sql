-- The PostgreSQL twin of store/sqlite/migrations/0001_init.sql: the same
-- tables, columns, CHECK constraints and indexes, in native types.
--
-- Identifiers use COLLATE "C": ids are compared and ordered bytewise, like
-- SQLite does, whatever the database's default collation (newest-first
-- pagination relies on id order), and C comparisons are the cheapest.
--
-- Like the SQLite schema in practice (it runs with foreign_keys off), there
-- are no FOREIGN KEY constraints: each one would make every insert of an
-- order, event or delivery take a KEY SHARE lock on its account row, and
-- concurrent writers of one busy account would contend on that row.

CREATE TABLE accounts (
    id         text COLLATE "C" PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id           text COLLATE "C" PRIMARY KEY,
    account_id   text COLLATE "C" NOT NULL,
    name         text NOT NULL DEFAULT '',
    prefix       text NOT NULL,
    hash         bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_account ON api_keys (account_id, id);

CREATE TABLE users (
    id            text COLLATE "C" PRIMARY KEY,
    account_id    text COLLATE "C" NOT NULL,
    email         text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE orders (
    id                 text COLLATE "C" PRIMARY KEY,
    account_id         text COLLATE "C" NOT NULL,
    status             text NOT NULL CHECK (status IN ('PROCESSING','COMPLETED','FAILED','DELIVERED','CANCELLED')),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    stamp_id           text NOT NULL,
    state              text NOT NULL,
    amount             bigint NOT NULL CHECK (amount > 0),
    article_code       text NOT NULL,
    provider           text NOT NULL,
    delivery_requested boolean NOT NULL,
    error_code         text NOT NULL DEFAULT '',
    error_message      text NOT NULL DEFAULT '',
    delivery_partner   text NOT NULL DEFAULT '',
    tracking_id        text NOT NULL DEFAULT '',
    delivered_at       timestamptz,
    cancel_reason      text NOT NULL DEFAULT '',
    cancelled_at       timestamptz,
    refund_amount      bigint NOT NULL DEFAULT 0,
    refund_status      text NOT NULL DEFAULT '',
    version            bigint NOT NULL
);
CREATE INDEX orders_account ON orders (account_id, id);
CREATE INDEX orders_account_status ON orders (account_id, status, id);

CREATE TABLE idempotency_keys (
    account_id   text COLLATE "C" NOT NULL,
    key          text COLLATE "C" NOT NULL,
    request_hash bytea NOT NULL,
    order_id     text COLLATE "C" NOT NULL,
    response     bytea NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE events (
    id         text COLLATE "C" PRIMARY KEY,
    account_id text COLLATE "C" NOT NULL,
    order_id   text COLLATE "C",
    type       text NOT NULL,
    -- bytea, not jsonb: the payload is the exact body of every delivery,
    -- byte for byte, and its signature covers those bytes.
    payload    bytea NOT NULL,
    created_at timestamptz NOT NULL,
    test       boolean NOT NULL DEFAULT false
);
CREATE INDEX events_account ON events (account_id, id);
CREATE INDEX events_order ON events (order_id, id);

CREATE TABLE endpoints (
    id                         text COLLATE "C" PRIMARY KEY,
    account_id                 text COLLATE "C" NOT NULL,
    url                        text NOT NULL,
    description                text NOT NULL DEFAULT '',
    events                     text[] NOT NULL,
    status                     text NOT NULL CHECK (status IN ('enabled','disabled')),
    disabled_reason            text NOT NULL DEFAULT '',
    secret                     text NOT NULL,
    previous_secret            text NOT NULL DEFAULT '',
    previous_secret_expires_at timestamptz,
    failing_since              timestamptz,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    deleted_at                 timestamptz
);
CREATE INDEX endpoints_account ON endpoints (account_id, id);

CREATE TABLE deliveries (
    id               text COLLATE "C" PRIMARY KEY,
    account_id       text COLLATE "C" NOT NULL,
    event_id         text COLLATE "C" NOT NULL,
    event_type       text NOT NULL,
    endpoint_id      text COLLATE "C" NOT NULL,
    status           text NOT NULL CHECK (status IN ('pending','retrying','succeeded','failed')),
    attempts         integer NOT NULL DEFAULT 0,
    round_attempts   integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer NOT NULL DEFAULT 0,
    last_error       text NOT NULL DEFAULT '',
    -- due_at: when the delivery may next be claimed (a retry time, or the end
    -- of the current lease). NULL when finished or parked.
    due_at           timestamptz,
    lease_owner      text COLLATE "C",
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    test             boolean NOT NULL DEFAULT false,
    CHECK (due_at IS NULL OR status IN ('pending','retrying'))
);
-- The claim query reads only this index: its cost does not grow with the
-- number of finished deliveries.
CREATE INDEX deliveries_due ON deliveries (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX deliveries_account ON deliveries (account_id, id);
CREATE INDEX deliveries_endpoint ON deliveries (endpoint_id, id);
CREATE INDEX deliveries_event ON deliveries (event_id);

CREATE TABLE attempts (
    id               text COLLATE "C" PRIMARY KEY,
    delivery_id      text COLLATE "C" NOT NULL,
    account_id       text COLLATE "C" NOT NULL,
    endpoint_id      text COLLATE "C" NOT NULL,
    event_id         text COLLATE "C" NOT NULL,
    number           integer NOT NULL,
    started_at       timestamptz NOT NULL,
    duration_us      bigint NOT NULL,
    -- JSON objects, as text: json.Marshal output is always valid UTF-8 and
    -- text (unlike jsonb) accepts every escape it may produce.
    request_headers  text NOT NULL,
    response_status  integer NOT NULL,
    response_headers text NOT NULL,
    -- bytea: a response body (and its 4 KiB cut) need not be valid UTF-8,
    -- which a text column would refuse, failing the whole batch of results.
    response_body    bytea NOT NULL,
    error            text NOT NULL,
    error_kind       text NOT NULL,
    succeeded        boolean NOT NULL
);
CREATE INDEX attempts_delivery ON attempts (delivery_id, number);
CREATE INDEX attempts_endpoint ON attempts (endpoint_id, started_at);
