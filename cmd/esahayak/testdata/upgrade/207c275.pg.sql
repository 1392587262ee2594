--
-- PostgreSQL database dump
--

\restrict KZYbeM7UBh5aoXYGbYIYldEgJF1iIvJL3OZeABMs3KafAKKdPQQWwKNfyzYyVa4

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: s_207c275; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA s_207c275;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: accounts; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.accounts (
    id text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: api_keys; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.api_keys (
    id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    name text DEFAULT ''::text NOT NULL,
    prefix text NOT NULL,
    hash bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at timestamp with time zone
);


--
-- Name: attempts; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.attempts (
    id text NOT NULL COLLATE pg_catalog."C",
    delivery_id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    endpoint_id text NOT NULL COLLATE pg_catalog."C",
    event_id text NOT NULL COLLATE pg_catalog."C",
    number integer NOT NULL,
    started_at timestamp with time zone NOT NULL,
    duration_us bigint NOT NULL,
    request_headers text NOT NULL,
    response_status integer NOT NULL,
    response_headers text NOT NULL,
    response_body bytea NOT NULL,
    error text NOT NULL,
    error_kind text NOT NULL,
    succeeded boolean NOT NULL
);


--
-- Name: dashboard_sessions; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.dashboard_sessions (
    token_hash bytea NOT NULL,
    user_id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    csrf_token text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    CONSTRAINT dashboard_sessions_check CHECK ((expires_at >= created_at)),
    CONSTRAINT dashboard_sessions_token_hash_check CHECK ((length(token_hash) = 32))
);


--
-- Name: deliveries; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.deliveries (
    id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    event_id text NOT NULL COLLATE pg_catalog."C",
    event_type text NOT NULL,
    endpoint_id text NOT NULL COLLATE pg_catalog."C",
    status text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    round_attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone,
    last_attempt_at timestamp with time zone,
    last_status_code integer DEFAULT 0 NOT NULL,
    last_error text DEFAULT ''::text NOT NULL,
    due_at timestamp with time zone,
    lease_owner text COLLATE pg_catalog."C",
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    test boolean DEFAULT false NOT NULL,
    CONSTRAINT deliveries_check CHECK (((due_at IS NULL) OR (status = ANY (ARRAY['pending'::text, 'retrying'::text])))),
    CONSTRAINT deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'retrying'::text, 'succeeded'::text, 'failed'::text])))
);


--
-- Name: endpoints; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.endpoints (
    id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    url text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    events text[] NOT NULL,
    status text NOT NULL,
    disabled_reason text DEFAULT ''::text NOT NULL,
    secret text NOT NULL,
    previous_secret text DEFAULT ''::text NOT NULL,
    previous_secret_expires_at timestamp with time zone,
    failing_since timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    older_secrets text DEFAULT ''::text NOT NULL,
    CONSTRAINT endpoints_status_check CHECK ((status = ANY (ARRAY['enabled'::text, 'disabled'::text])))
);


--
-- Name: events; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.events (
    id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    order_id text COLLATE pg_catalog."C",
    type text NOT NULL,
    payload bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    test boolean DEFAULT false NOT NULL
);


--
-- Name: idempotency_keys; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.idempotency_keys (
    account_id text NOT NULL COLLATE pg_catalog."C",
    key text NOT NULL COLLATE pg_catalog."C",
    request_hash bytea NOT NULL,
    order_id text NOT NULL COLLATE pg_catalog."C",
    response bytea NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: listen_sessions; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.listen_sessions (
    id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    events text[] NOT NULL,
    forward_to text DEFAULT ''::text NOT NULL,
    secret text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone,
    closed_at timestamp with time zone
);


--
-- Name: orders; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.orders (
    id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    status text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    stamp_id text NOT NULL,
    state text NOT NULL,
    amount bigint NOT NULL,
    article_code text NOT NULL,
    provider text NOT NULL,
    delivery_requested boolean NOT NULL,
    error_code text DEFAULT ''::text NOT NULL,
    error_message text DEFAULT ''::text NOT NULL,
    delivery_partner text DEFAULT ''::text NOT NULL,
    tracking_id text DEFAULT ''::text NOT NULL,
    delivered_at timestamp with time zone,
    cancel_reason text DEFAULT ''::text NOT NULL,
    cancelled_at timestamp with time zone,
    refund_amount bigint DEFAULT 0 NOT NULL,
    refund_status text DEFAULT ''::text NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT orders_amount_check CHECK ((amount > 0)),
    CONSTRAINT orders_status_check CHECK ((status = ANY (ARRAY['PROCESSING'::text, 'COMPLETED'::text, 'FAILED'::text, 'DELIVERED'::text, 'CANCELLED'::text])))
);


--
-- Name: schema_migrations; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.schema_migrations (
    version integer NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: users; Type: TABLE; Schema: s_207c275; Owner: -
--

CREATE TABLE s_207c275.users (
    id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    email text NOT NULL,
    password_hash text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Data for Name: accounts; Type: TABLE DATA; Schema: s_207c275; Owner: -
--

INSERT INTO s_207c275.accounts VALUES ('acct_01m8xwvpqt4rae3np5h4kkvs0h', 'upgrade-test', '2026-12-03 12:07:56.410044+00');


--
-- Data for Name: api_keys; Type: TABLE DATA; Schema: s_207c275; Owner: -
--

INSERT INTO s_207c275.api_keys VALUES ('key_01m8xwvpqt4rae3np5z6vz6wpe', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'default', 'esk_IjmtX5E1', '\xa105731889472532b9ac56f6cb00b7d9d83b0dec9e3cb93adc9c554a4a09bf8e', '2026-12-03 12:07:56.410044+00', '2026-12-03 12:08:02.85676+00', NULL);


--
-- Data for Name: attempts; Type: TABLE DATA; Schema: s_207c275; Owner: -
--

INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvrw8nbfzxe246yvqj5cd', 'dlv_01m8xwvrvz004d9rz41mknjkmq', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 1, '2026-12-03 12:07:58.600818+00', 1404, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrvz004d9rz1s1hejc4g","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvrvz004d9rz1s1hejc4g","webhook-signature":"v1,+HDcfLvH7tEtLMZxSBVfAcU6/BO+ValBwGyVG0/9DBY=","webhook-timestamp":"1796299678"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvrw8nbfzxe24swapqw8x', 'dlv_01m8xwvrvz004d9rz34dvvhf3n', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 1, '2026-12-03 12:07:58.599986+00', 8123, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrvz004d9rz1s1hejc4g","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvrvz004d9rz1s1hejc4g","webhook-signature":"v1,CEw8YFTVwbyCrvp8ApRAiflERIbxcZn8g/6yYhkM9nw=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvrw8nbfzxe264ayef0m1', 'dlv_01m8xwvrvz004d9rz4fhtd1bbh', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 1, '2026-12-03 12:07:58.600904+00', 7384, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrvz004d9rz1s1hejc4g","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvrvz004d9rz1s1hejc4g","webhook-signature":"v1,r5mps0oT8fNlXpxGKH6abHg44h/soRBqolqoqbwdwgE=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvrw8nbfzxe25q5b1bgf2', 'dlv_01m8xwvrvz004d9rz3tt5naze7', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 1, '2026-12-03 12:07:58.600778+00', 7423, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrvz004d9rz1s1hejc4g","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvrvz004d9rz1s1hejc4g","webhook-signature":"v1,dXiTV8t72tNij1vuiwZaMtVHu3NmCegdqpa0bnXWBME=","webhook-timestamp":"1796299678"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvrx0y4kvtr9rpc8mhj3n', 'dlv_01m8xwvrwrcvk63pfjgprgmmjc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 1, '2026-12-03 12:07:58.624856+00', 334, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","webhook-signature":"v1,zAXePf8xz5RMlS6vKRU+/5C35pLWZ3giipKtz5maF5M=","webhook-timestamp":"1796299678"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvrx0y4kvtr9rsb09n4ea', 'dlv_01m8xwvrwrcvk63pfjx6zfnttt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 1, '2026-12-03 12:07:58.624942+00', 341, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","webhook-signature":"v1,vZCrdJyUB+4gCf1YbEqTMPzlCKnM2bBW+v16vKVnklQ=","webhook-timestamp":"1796299678"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvrx1q04wmgcycpqcafdn', 'dlv_01m8xwvrwrcvk63pfkm1fxyews', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 1, '2026-12-03 12:07:58.625068+00', 304, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","webhook-signature":"v1,lBCDBWwjHOdScTU/SHV8P6xadRi2ifh7CWYLD7BiQdM=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvrx1q04wmgcz4cpjpm7h', 'dlv_01m8xwvrwrcvk63pfhw6bh89h7', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 1, '2026-12-03 12:07:58.624351+00', 2655, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","webhook-signature":"v1,uHegaI0NUDdOlTRCr65jV6R4n94DFucUe3zqbXA1Pmg=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs3191ms56j9077ew271', 'dlv_01m8xwvs2wvp28pe2sazhz6tbp', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 1, '2026-12-03 12:07:58.817447+00', 1060, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","webhook-signature":"v1,DSXi5avg6gPGk+RJv2PoNi63xrLU2zukacf8GiMjkvU=","webhook-timestamp":"1796299678"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs3191ms56j8z88584jj', 'dlv_01m8xwvs2wvp28pe2ta7gdfv6z', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 1, '2026-12-03 12:07:58.817535+00', 874, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","webhook-signature":"v1,6SZRUXDJShs1G86VXweQSqP3RQgxhHYLhPHcYZoG9tM=","webhook-timestamp":"1796299678"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs3191ms56j9kh88mtpx', 'dlv_01m8xwvs2wvp28pe2rcasx2ysk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 1, '2026-12-03 12:07:58.817286+00', 1497, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","webhook-signature":"v1,+pq+n2JzvkaRw0yAUwwG+k2v3g2aT+lKvlbEM10EiQ8=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs3191ms56j9qq10a0k1', 'dlv_01m8xwvs2wvp28pe2tmfc2qpxt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 1, '2026-12-03 12:07:58.817798+00', 1899, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","webhook-signature":"v1,zJk1LosWvfovmKm/cfWeonyQv5PPEWn12YpEkfgfgzk=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs3wdn4fysyp01fmnf77', 'dlv_01m8xwvs3kbnwn1zhq2xgr92zf', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 1, '2026-12-03 12:07:58.844792+00', 1066, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs3kbnwn1zhn1772jy0p","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs3kbnwn1zhn1772jy0p","webhook-signature":"v1,ESvHMKO88/Yvg7mvDF/8z68CMOiOHMrfdHwEd4TmGiI=","webhook-timestamp":"1796299678"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs3wdn4fysyq0akf61qa', 'dlv_01m8xwvs3kbnwn1zhpftj3077e', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 1, '2026-12-03 12:07:58.844588+00', 12409, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs3kbnwn1zhn1772jy0p","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs3kbnwn1zhn1772jy0p","webhook-signature":"v1,QVrbCtk5d4HaBZoTOqQ6oqigAv3a6ZV4m97XEeAH6M0=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs3wdn4fysyqwhz2x2f9', 'dlv_01m8xwvs3kbnwn1zhq3cfj9vdp', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 1, '2026-12-03 12:07:58.844997+00', 12195, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs3kbnwn1zhn1772jy0p","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs3kbnwn1zhn1772jy0p","webhook-signature":"v1,Y/9Nv/OOeJk259wa8UTOfZOUpndaYu+L/DvS3Ca1jSI=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs3wdn4fysyp4sf210hs', 'dlv_01m8xwvs3kbnwn1zhpxjsgznc6', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 1, '2026-12-03 12:07:58.844741+00', 11682, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs3kbnwn1zhn1772jy0p","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs3kbnwn1zhn1772jy0p","webhook-signature":"v1,PGWOK5SdyBiCvJGGDv+O1BPbnfrxct5NVPk1VJTW1/4=","webhook-timestamp":"1796299678"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs5fbzyza84kj36b8f30', 'dlv_01m8xwvrvz004d9rz2b4s402n9', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 1, '2026-12-03 12:07:58.600377+00', 312139, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrvz004d9rz1s1hejc4g","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvrvz004d9rz1s1hejc4g","webhook-signature":"v1,75thRGbtjJGZ8rOhPUJbGr9Gvy5mS6QdYx3TKkC6XRE=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs5fbzyza84kpnkd9wh8', 'dlv_01m8xwvrwrcvk63pfh4et6cbra', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 1, '2026-12-03 12:07:58.624518+00', 301406, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","webhook-signature":"v1,MjDVoug+0+lD8NSS1klrVvAZblgE8wNIZflbN+iMAE0=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs72259546gdq7qpag89', 'dlv_01m8xwvs6yj64tcrb9y6rnv56y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 1, '2026-12-03 12:07:58.946092+00', 181, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs6yj64tcrb85qbwxf5f","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs6yj64tcrb85qbwxf5f","webhook-signature":"v1,Fnd0z88Kz/xSZx9CePlrsIMHkN5Cb3h2nMLEllOk2OE=","webhook-timestamp":"1796299678"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs72259546gepwpfj8r9', 'dlv_01m8xwvs6yj64tcrb9ax2kfzkk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 1, '2026-12-03 12:07:58.945848+00', 1262, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs6yj64tcrb85qbwxf5f","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs6yj64tcrb85qbwxf5f","webhook-signature":"v1,3ufUyt52fCOsOkt2epSRu9tq/FbRjVXHequKdiM5BPw=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs72259546gfmazc9nva', 'dlv_01m8xwvs6yj64tcrb9p7me2qq1', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 1, '2026-12-03 12:07:58.946051+00', 1108, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs6yj64tcrb85qbwxf5f","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs6yj64tcrb85qbwxf5f","webhook-signature":"v1,9jvikStf6wcqKUpBiDtNFAQbP9zivF/+IHfIJbmPYfY=","webhook-timestamp":"1796299678"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs72259546gghwcakds1', 'dlv_01m8xwvs6yj64tcrbahvcbfyf9', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 1, '2026-12-03 12:07:58.946835+00', 9108, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs6yj64tcrb85qbwxf5f","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs6yj64tcrb85qbwxf5f","webhook-signature":"v1,fZKjUpJf/g4Xp9Q5Cvqaz7cbhOoM/KsrS15X+rfZGnU=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs7r3ht0xnaqvfqgq9kw', 'dlv_01m8xwvrvz004d9rz3tt5naze7', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 2, '2026-12-03 12:07:58.968705+00', 327, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvrvz004d9rz1s1hejc4g","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvrvz004d9rz1s1hejc4g","webhook-signature":"v1,dXiTV8t72tNij1vuiwZaMtVHu3NmCegdqpa0bnXWBME=","webhook-timestamp":"1796299678"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs7vz4866r4d6p08k4gw', 'dlv_01m8xwvs7m2q5sskk3eyts865e', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 1, '2026-12-03 12:07:58.971842+00', 1213, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","webhook-signature":"v1,wcToNBbOaW9n7CvjP2SfTJxhQxfB2foEb7w9icSOjnA=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs7vz4866r4dvhrmjcep', 'dlv_01m8xwvs7m2q5sskk1w5v61ezz', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 1, '2026-12-03 12:07:58.971787+00', 1404, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","webhook-signature":"v1,7jZ8xBZgIyTHa2WgbMzW38UZz6Y81o4WyN80UgVOU4g=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs7vz4866r4eqv05j3pn', 'dlv_01m8xwvs7m2q5sskk3d4p6wb6g', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 1, '2026-12-03 12:07:58.971813+00', 1564, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","webhook-signature":"v1,zJPb7oaCBrhmy/4hKkO3FaKBDh8T5WKekET5txwNpqw=","webhook-timestamp":"1796299678"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs7vz4866r4f716nvh6n', 'dlv_01m8xwvs7m2q5sskk2fbyy4a2a', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 1, '2026-12-03 12:07:58.971715+00', 2071, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","webhook-signature":"v1,ow6fBcXL3gAu1hORNWeNhMDAjvTqEeSBiG90KJvaW/Y=","webhook-timestamp":"1796299678"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:58 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs8rec4z2t6ttg3040fk', 'dlv_01m8xwvrwrcvk63pfjx6zfnttt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 2, '2026-12-03 12:07:59.000713+00', 15261, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","webhook-signature":"v1,rm+8b8uS4srvFxAN3q0G0djOCGNvJlBPO2u45eionAI=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs8rec4z2t6vrvmckv5c', 'dlv_01m8xwvrvz004d9rz41mknjkmq', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 2, '2026-12-03 12:07:59.000533+00', 15874, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvrvz004d9rz1s1hejc4g","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvrvz004d9rz1s1hejc4g","webhook-signature":"v1,G/QJf1ALLPonF/CbKz1md2pBdScAgS2H1dWg83lyJWI=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvs98g5etxwcg1jnfhnrg', 'dlv_01m8xwvrwrcvk63pfjgprgmmjc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 2, '2026-12-03 12:07:59.0008+00', 21887, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","webhook-signature":"v1,H9l5/MGG/ABPE+dqF+NpZ8QH6WHL1lY6O2k5ceGidB4=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsj6cvfjp2hp17pyyjac', 'dlv_01m8xwvshh3rms3vsckvqgj2dc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvshh3rms3vsahb099hcv', 1, '2026-12-03 12:07:59.302366+00', 270, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvshh3rms3vsahb099hcv","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwvshh3rms3vsahb099hcv","webhook-signature":"v1,OUc/SMAM4aA9TjP4xHOTdQlJY2mj8yr0rZhe7L5hUyE=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsj6cvfjp2hp2aqj1h84', 'dlv_01m8xwvshh3rms3vsbhzwhnv20', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvshh3rms3vsahb099hcv', 1, '2026-12-03 12:07:59.302045+00', 1040, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvshh3rms3vsahb099hcv","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwvshh3rms3vsahb099hcv","webhook-signature":"v1,2q2psMW59roNBOZ17p4GQJrHiv98VbGhn3iEgZQxa50=","webhook-timestamp":"1796299679"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsj6cvfjp2hpppw14jht', 'dlv_01m8xwvshh3rms3vscaw693zhn', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvshh3rms3vsahb099hcv', 1, '2026-12-03 12:07:59.302264+00', 920, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvshh3rms3vsahb099hcv","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwvshh3rms3vsahb099hcv","webhook-signature":"v1,iLCHnRNm75UtiDewcI6Cb/dNWomQlQu6wep59esmIaY=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsj6cvfjp2hq634wwjqz', 'dlv_01m8xwvshh3rms3vscm5w5n72h', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'evt_01m8xwvshh3rms3vsahb099hcv', 1, '2026-12-03 12:07:59.302522+00', 736, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvshh3rms3vsahb099hcv","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwvshh3rms3vsahb099hcv","webhook-signature":"v1,AtUV9Q+N91IU+oRLRlbn8WqyygHeJOCWJxZmgLUuhdw=","webhook-timestamp":"1796299679"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsjnhe98tqzyeb63a5d6', 'dlv_01m8xwvrvz004d9rz3tt5naze7', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 3, '2026-12-03 12:07:59.317409+00', 834, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvrvz004d9rz1s1hejc4g","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvrvz004d9rz1s1hejc4g","webhook-signature":"v1,L3AXBqQj7BkFxEJBM6YGzj8MZIG9cvovHDfB8PAnxkk=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvskdy1x7g38b659svrv2', 'dlv_01m8xwvrvz004d9rz41mknjkmq', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 3, '2026-12-03 12:07:59.341279+00', 316, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvrvz004d9rz1s1hejc4g","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvrvz004d9rz1s1hejc4g","webhook-signature":"v1,G/QJf1ALLPonF/CbKz1md2pBdScAgS2H1dWg83lyJWI=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvscf44a6wak9y5chk4w0', 'dlv_01m8xwvs2wvp28pe2ta7gdfv6z', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 2, '2026-12-03 12:07:59.11984+00', 406, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","webhook-signature":"v1,GjqcYZer75F9g5h2G7jnYtBA0ZhdNEuTZRYCmLuU8os=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsd3h07n2nah3zmvh21z', 'dlv_01m8xwvs2wvp28pe2sazhz6tbp', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 2, '2026-12-03 12:07:59.139068+00', 17185, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","webhook-signature":"v1,fltD2M72kYZk3ABGBsLLPN0XYuJ1rMgai+Q9EDIUrZw=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsesv8qkpzwemakez1hm', 'dlv_01m8xwvs3kbnwn1zhpxjsgznc6', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 2, '2026-12-03 12:07:59.193629+00', 843, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvs3kbnwn1zhn1772jy0p","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs3kbnwn1zhn1772jy0p","webhook-signature":"v1,A65yJFrS+jRDDIT4y4/gvXYTVBOWvwZtorxVYOO/rHk=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsezwm1n6xt58e4av5m1', 'dlv_01m8xwvs3kbnwn1zhq2xgr92zf', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 2, '2026-12-03 12:07:59.199319+00', 437, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvs3kbnwn1zhn1772jy0p","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs3kbnwn1zhn1772jy0p","webhook-signature":"v1,9cH/AOiCkKmldPxrIwLHoTL1bii3qryv6nx6uHopX5s=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsezwm1n6xt5jktbnre3', 'dlv_01m8xwvse8se0287qqcnwvnbg0', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvse8se0287qmy5yyn3nj', 1, '2026-12-03 12:07:59.199869+00', 133, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvse8se0287qmy5yyn3nj","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwvse8se0287qmy5yyn3nj","webhook-signature":"v1,vW1zznjR754EVM092ZhlMIUOAyiZT2q8Nh+ODaFFX5k=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsf0d2vg77akxqgb5w16', 'dlv_01m8xwvse8se0287qpjjbfatnk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvse8se0287qmy5yyn3nj', 1, '2026-12-03 12:07:59.200058+00', 816, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvse8se0287qmy5yyn3nj","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwvse8se0287qmy5yyn3nj","webhook-signature":"v1,IXK0rsiyW5R17uRVvANPcpYQBKmHLfOJrwjhAOqilmQ=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsf0d2vg77am4zxyvk8z', 'dlv_01m8xwvse8se0287qp1hw4f1af', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvse8se0287qmy5yyn3nj', 1, '2026-12-03 12:07:59.200422+00', 1178, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvse8se0287qmy5yyn3nj","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwvse8se0287qmy5yyn3nj","webhook-signature":"v1,G1goBIoJX6f16nhRAQdDghtHieN9bCNqExi7E/QG/18=","webhook-timestamp":"1796299679"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsf0d2vg77an33190mm1', 'dlv_01m8xwvse8se0287qr7a15bnw5', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'evt_01m8xwvse8se0287qmy5yyn3nj', 1, '2026-12-03 12:07:59.200589+00', 1038, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvse8se0287qmy5yyn3nj","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwvse8se0287qmy5yyn3nj","webhook-signature":"v1,loG1ctc7rf0QfAs0GBdQ0SeQdvjMy+YCBapLTIaOOto=","webhook-timestamp":"1796299679"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsg709pawx96ydwc6e6p', 'dlv_01m8xwvs6yj64tcrb8msjwmzg4', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 1, '2026-12-03 12:07:58.945997+00', 301948, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs6yj64tcrb85qbwxf5f","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs6yj64tcrb85qbwxf5f","webhook-signature":"v1,IDwyYfJq/kNzkkQyRxD4kZjIFVKpbYgJuWc+90wG5G8=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsgty4dgvqqmrbpz8pdt', 'dlv_01m8xwvs7m2q5sskk3d4p6wb6g', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 2, '2026-12-03 12:07:59.25887+00', 470, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","webhook-signature":"v1,/pucc5tuPxbScVqA9LKMLpk77nmORdy+pKB9lkdzvHk=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsgty4dgvqqn6xmz1mdd', 'dlv_01m8xwvs6yj64tcrb9p7me2qq1', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 2, '2026-12-03 12:07:59.258817+00', 569, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvs6yj64tcrb85qbwxf5f","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs6yj64tcrb85qbwxf5f","webhook-signature":"v1,DpYBoAqxvbuQC5ud1hIeHhdkMdHpqTzng15tm/HYBWE=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsgz34zf8154jpt82ysa', 'dlv_01m8xwvs7m2q5sskk2fbyy4a2a', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 2, '2026-12-03 12:07:59.263426+00', 1031, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","webhook-signature":"v1,AvlGuF9+mP8VL7gHzyhh60iYWGoMGK3U7IVtb/V2ADY=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsgz34zf81555egzw9md', 'dlv_01m8xwvs3kbnwn1zhnyzpgm61m', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 1, '2026-12-03 12:07:58.96876+00', 302746, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs3kbnwn1zhn1772jy0p","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs3kbnwn1zhn1772jy0p","webhook-signature":"v1,ZhvLT7pXXTr4HjddRBZ/MyvZh3M2RoCQnLa7694dXVg=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsgz34zf815615jdpp0w', 'dlv_01m8xwvs2wvp28pe2qjfhqt2ex', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 1, '2026-12-03 12:07:58.968536+00', 303495, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","webhook-signature":"v1,77drcvhOKVP+ArLP8PJAnmFdzlAYnnIRUvlIQHe2ssc=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsgz34zf8156pwy2p78f', 'dlv_01m8xwvs7m2q5sskk0z83qtwre', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 1, '2026-12-03 12:07:58.971569+00', 303258, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","webhook-signature":"v1,FzlRG33PWWi+AbPzwlivoXepcfsIZZA+zxFYIDWaqzM=","webhook-timestamp":"1796299678"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsj147s48bgtm7j0txex', 'dlv_01m8xwvs6yj64tcrb9y6rnv56y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 2, '2026-12-03 12:07:59.297555+00', 494, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvs6yj64tcrb85qbwxf5f","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs6yj64tcrb85qbwxf5f","webhook-signature":"v1,ZjRQ8JfK4yE8Wa82Su7UY8CeCd+1C2Qjkx/OSaLvPOY=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvskdy1x7g38bct28m0xg', 'dlv_01m8xwvrwrcvk63pfjx6zfnttt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 3, '2026-12-03 12:07:59.341703+00', 346, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","webhook-signature":"v1,rm+8b8uS4srvFxAN3q0G0djOCGNvJlBPO2u45eionAI=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvskk8xk71yx4j00m2yag', 'dlv_01m8xwvrwrcvk63pfjgprgmmjc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 3, '2026-12-03 12:07:59.347084+00', 680, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvrwrcvk63pfg6tdb7j8e","webhook-signature":"v1,H9l5/MGG/ABPE+dqF+NpZ8QH6WHL1lY6O2k5ceGidB4=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsvzfmwcr82p6gh4wztt', 'dlv_01m8xwvs6yj64tcrb9y6rnv56y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 3, '2026-12-03 12:07:59.615862+00', 301, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvs6yj64tcrb85qbwxf5f","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs6yj64tcrb85qbwxf5f","webhook-signature":"v1,ZjRQ8JfK4yE8Wa82Su7UY8CeCd+1C2Qjkx/OSaLvPOY=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsx0yfm92dmpar9prjcp', 'dlv_01m8xwvshh3rms3vsckvqgj2dc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvshh3rms3vsahb099hcv', 2, '2026-12-03 12:07:59.648122+00', 313, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvshh3rms3vsahb099hcv","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwvshh3rms3vsahb099hcv","webhook-signature":"v1,OUc/SMAM4aA9TjP4xHOTdQlJY2mj8yr0rZhe7L5hUyE=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvt1rdsv6ryzf4v6wemea', 'dlv_01m8xwvse8se0287qpjjbfatnk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvse8se0287qmy5yyn3nj', 3, '2026-12-03 12:07:59.800065+00', 1169, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvse8se0287qmy5yyn3nj","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwvse8se0287qmy5yyn3nj","webhook-signature":"v1,IXK0rsiyW5R17uRVvANPcpYQBKmHLfOJrwjhAOqilmQ=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvt2k3ert8wpvydm2sske', 'dlv_01m8xwvse8se0287qqcnwvnbg0', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvse8se0287qmy5yyn3nj', 3, '2026-12-03 12:07:59.827023+00', 694, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvse8se0287qmy5yyn3nj","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwvse8se0287qmy5yyn3nj","webhook-signature":"v1,vW1zznjR754EVM092ZhlMIUOAyiZT2q8Nh+ODaFFX5k=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvt5jef9h5dnzb6vq9vqs', 'dlv_01m8xwvshh3rms3vscaw693zhn', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvshh3rms3vsahb099hcv', 3, '2026-12-03 12:07:59.922697+00', 766, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvshh3rms3vsahb099hcv","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwvshh3rms3vsahb099hcv","webhook-signature":"v1,iLCHnRNm75UtiDewcI6Cb/dNWomQlQu6wep59esmIaY=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvt6xwdawqge04jc6abse', 'dlv_01m8xwvshh3rms3vsckvqgj2dc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvshh3rms3vsahb099hcv', 3, '2026-12-03 12:07:59.965+00', 263, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvshh3rms3vsahb099hcv","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwvshh3rms3vsahb099hcv","webhook-signature":"v1,OUc/SMAM4aA9TjP4xHOTdQlJY2mj8yr0rZhe7L5hUyE=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvspv1qe754ypmvjxw1f1', 'dlv_01m8xwvs2wvp28pe2sazhz6tbp', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 3, '2026-12-03 12:07:59.451047+00', 675, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","webhook-signature":"v1,fltD2M72kYZk3ABGBsLLPN0XYuJ1rMgai+Q9EDIUrZw=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsq81dx9cc4qkpv9vpd1', 'dlv_01m8xwvs2wvp28pe2ta7gdfv6z', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 3, '2026-12-03 12:07:59.464218+00', 295, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs2wvp28pe2pjh5sqyc8","webhook-signature":"v1,GjqcYZer75F9g5h2G7jnYtBA0ZhdNEuTZRYCmLuU8os=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsr5egzjtbxegmgj9cbk', 'dlv_01m8xwvse8se0287qpjjbfatnk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvse8se0287qmy5yyn3nj', 2, '2026-12-03 12:07:59.493317+00', 528, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvse8se0287qmy5yyn3nj","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwvse8se0287qmy5yyn3nj","webhook-signature":"v1,IXK0rsiyW5R17uRVvANPcpYQBKmHLfOJrwjhAOqilmQ=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsrf435egk9mzgtqxdj6', 'dlv_01m8xwvs3kbnwn1zhq2xgr92zf', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 3, '2026-12-03 12:07:59.503265+00', 516, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvs3kbnwn1zhn1772jy0p","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs3kbnwn1zhn1772jy0p","webhook-signature":"v1,9cH/AOiCkKmldPxrIwLHoTL1bii3qryv6nx6uHopX5s=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsrrgpapa2nwjkzznkqb', 'dlv_01m8xwvse8se0287qqcnwvnbg0', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvse8se0287qmy5yyn3nj', 2, '2026-12-03 12:07:59.512538+00', 363, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvse8se0287qmy5yyn3nj","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwvse8se0287qmy5yyn3nj","webhook-signature":"v1,vW1zznjR754EVM092ZhlMIUOAyiZT2q8Nh+ODaFFX5k=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsrrgpapa2nx2e9sah4s', 'dlv_01m8xwvs3kbnwn1zhpxjsgznc6', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 3, '2026-12-03 12:07:59.512789+00', 779, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvs3kbnwn1zhn1772jy0p","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs3kbnwn1zhn1772jy0p","webhook-signature":"v1,A65yJFrS+jRDDIT4y4/gvXYTVBOWvwZtorxVYOO/rHk=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvst0yzta1j9zqf364fft', 'dlv_01m8xwvs7m2q5sskk2fbyy4a2a', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 3, '2026-12-03 12:07:59.552324+00', 718, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","webhook-signature":"v1,AvlGuF9+mP8VL7gHzyhh60iYWGoMGK3U7IVtb/V2ADY=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvst0yzta1ja0h7n8j67r', 'dlv_01m8xwvse8se0287qn6j23ajyc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvse8se0287qmy5yyn3nj', 1, '2026-12-03 12:07:59.258654+00', 308860, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvse8se0287qmy5yyn3nj","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwvse8se0287qmy5yyn3nj","webhook-signature":"v1,syWXuCci2H4CkD+ygZcnD74f+QfTyhtXx0PKXeyEps8=","webhook-timestamp":"1796299679"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsv37xnj79gdagggty01', 'dlv_01m8xwvs7m2q5sskk3d4p6wb6g', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 3, '2026-12-03 12:07:59.587985+00', 462, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwvs7m2q5sskk0ebrqvp4c","webhook-signature":"v1,/pucc5tuPxbScVqA9LKMLpk77nmORdy+pKB9lkdzvHk=","webhook-timestamp":"1796299679"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsv4dp689ys7prvwfs8f', 'dlv_01m8xwvs6yj64tcrb9p7me2qq1', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 3, '2026-12-03 12:07:59.588008+00', 615, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwvs6yj64tcrb85qbwxf5f","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvs6yj64tcrb85qbwxf5f","webhook-signature":"v1,DpYBoAqxvbuQC5ud1hIeHhdkMdHpqTzng15tm/HYBWE=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsvbphp32s4d1rmhn95y', 'dlv_01m8xwvshh3rms3vscaw693zhn', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvshh3rms3vsahb099hcv', 2, '2026-12-03 12:07:59.59507+00', 633, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwvshh3rms3vsahb099hcv","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwvshh3rms3vsahb099hcv","webhook-signature":"v1,iLCHnRNm75UtiDewcI6Cb/dNWomQlQu6wep59esmIaY=","webhook-timestamp":"1796299679"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvsvbphp32s4d713531h1', 'dlv_01m8xwvshh3rms3vsan3r1zz6f', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvshh3rms3vsahb099hcv', 1, '2026-12-03 12:07:59.302197+00', 300822, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvshh3rms3vsahb099hcv","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwvshh3rms3vsahb099hcv","webhook-signature":"v1,hnEp0tzMZejvRVnTdcTSQG8jYO9hFcbuttXnAzqu6T4=","webhook-timestamp":"1796299679"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:59 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvxf134tn1p6ra4jfx2hz', 'dlv_01m8xwvxdn74q27gz3bt6182jk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvxdn74q27gz1aw42gcm3', 1, '2026-12-03 12:08:03.297308+00', 591, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvxdn74q27gz1aw42gcm3","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvxdn74q27gz1aw42gcm3","webhook-signature":"v1,DJ3lpHZSsZmK+jcI/qJ/YQZurJNnZuKw5oQ6vd6Glsk=","webhook-timestamp":"1796299683"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvxf134tn1p6s09rad362', 'dlv_01m8xwvxdn74q27gz2c18ae50h', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvxdn74q27gz1aw42gcm3', 1, '2026-12-03 12:08:03.296116+00', 2473, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvxdn74q27gz1aw42gcm3","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvxdn74q27gz1aw42gcm3","webhook-signature":"v1,+4wNrzllaaKLc/LKmQQVaMd9t5umuH/PjjwHqYaggRc= v1,2UpJqiMV1e5a5eNVLl895+D2uGahX3j9NnPIKQmDvUc=","webhook-timestamp":"1796299683"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:03 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvxf134tn1p6sw7m969sw', 'dlv_01m8xwvxdn74q27gz2pr7sbxv8', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvxdn74q27gz1aw42gcm3', 1, '2026-12-03 12:08:03.296824+00', 1800, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvxdn74q27gz1aw42gcm3","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvxdn74q27gz1aw42gcm3","webhook-signature":"v1,2Nhp9Uy/HOpYVMB3U3tKqe6DpGUJlvH5qYSm4t1qRwU=","webhook-timestamp":"1796299683"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:03 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvxqz927dhb9t4sea815h', 'dlv_01m8xwvxqwzmzx8sjxz7nyj92y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvxqwzmzx8sjw69haaj0a', 1, '2026-12-03 12:08:03.583614+00', 597, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvxqwzmzx8sjw69haaj0a","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvxqwzmzx8sjw69haaj0a","webhook-signature":"v1,PlSNhDFLN8/RJGQXHDO45/GSZ2bVCgQkxAzpSY1KN6I=","webhook-timestamp":"1796299683"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvxqz927dhb9v3a3yxh8m', 'dlv_01m8xwvxqwzmzx8sjx80k7pmkx', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvxqwzmzx8sjw69haaj0a', 1, '2026-12-03 12:08:03.583537+00', 9229, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvxqwzmzx8sjw69haaj0a","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvxqwzmzx8sjw69haaj0a","webhook-signature":"v1,tsCEeLsJtRdresUq+q03XgwDCnh4r0zmYeA4ZoCCWGc=","webhook-timestamp":"1796299683"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:03 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvxqz927dhb9vmxs1kw86', 'dlv_01m8xwvxqwzmzx8sjx1j966n7f', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvxqwzmzx8sjw69haaj0a', 1, '2026-12-03 12:08:03.583444+00', 9424, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvxqwzmzx8sjw69haaj0a","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvxqwzmzx8sjw69haaj0a","webhook-signature":"v1,PndeJRc16Xw9I2wS9h4gNVCh7/Y6q9YvLmQ0bBulsxo= v1,GpmU1kxC6GnWbOTAHiZxMw6ADzA0vi8aMh3wgSqfxTM=","webhook-timestamp":"1796299683"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:03 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvxqz927dhb9w60dxh9ty', 'dlv_01m8xwvxdn74q27gz1s9eser2m', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvxdn74q27gz1aw42gcm3', 1, '2026-12-03 12:08:03.297111+00', 302663, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvxdn74q27gz1aw42gcm3","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvxdn74q27gz1aw42gcm3","webhook-signature":"v1,8AuBkqmNx8p7b01sDRJ1acNFAaUfd8XrTxWeew13HfE=","webhook-timestamp":"1796299683"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:03 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvxqz927dhb9wzw132cgf', 'dlv_01m8xwvxqwzmzx8sjwem9petkg', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvxqwzmzx8sjw69haaj0a', 1, '2026-12-03 12:08:03.583195+00', 311096, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvxqwzmzx8sjw69haaj0a","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvxqwzmzx8sjw69haaj0a","webhook-signature":"v1,jGspJ6HHo0OAB0A/82PfACZTuNSNfOT9AKxQDwAqTCY=","webhook-timestamp":"1796299683"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:03 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzgb9ne4q2fz3wp4ek12', 'dlv_01m8xwvzfqvr1tb3dvjhca6jmj', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvzfqvr1tb3dsfeqf7gvt', 1, '2026-12-03 12:08:05.387253+00', 234, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzfqvr1tb3dsfeqf7gvt","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzfqvr1tb3dsfeqf7gvt","webhook-signature":"v1,9zwRkU66Z011RE/d+CaY++J6YlPHJ8BnGZc17WIsgKY=","webhook-timestamp":"1796299685"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzgb9ne4q2fz5e9nevty', 'dlv_01m8xwvzfqvr1tb3dtk5q0x9hx', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvzfqvr1tb3dsfeqf7gvt', 1, '2026-12-03 12:08:05.387016+00', 4397, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzfqvr1tb3dsfeqf7gvt","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzfqvr1tb3dsfeqf7gvt","webhook-signature":"v1,UJaz3RZRozWIoklZechXV8jLzeXm7DKcc+HKAHODIWk=","webhook-timestamp":"1796299685"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:05 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzgb9ne4q2fzjswh6pdq', 'dlv_01m8xwvzfqvr1tb3dth375a4s1', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvzfqvr1tb3dsfeqf7gvt', 1, '2026-12-03 12:08:05.386701+00', 4801, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzfqvr1tb3dsfeqf7gvt","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzfqvr1tb3dsfeqf7gvt","webhook-signature":"v1,J70ez0WnGs6amaFTb76SFkvDH14dCK8OjuT3P3UabWY= v1,BopKtMjzFuPdSwc5CVQYrbAdAJP0nw7JTbeZplgBXok=","webhook-timestamp":"1796299685"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:05 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzrtgdh2cdd4qbq3psxn', 'dlv_01m8xwvzrmvzwf9bcxy4r84jnz', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvzrmvzwf9bctw34qnwbp', 1, '2026-12-03 12:08:05.658454+00', 2551, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzrmvzwf9bctw34qnwbp","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzrmvzwf9bctw34qnwbp","webhook-signature":"v1,nKcYPOQpQfapkz0215qrKWvuPAqYGr3cp36n0T6/pk4=","webhook-timestamp":"1796299685"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzrtgdh2cdd5nt2ftcaj', 'dlv_01m8xwvzrmvzwf9bcxkbzxzkkq', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvzrmvzwf9bctw34qnwbp', 1, '2026-12-03 12:08:05.65849+00', 3280, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzrmvzwf9bctw34qnwbp","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzrmvzwf9bctw34qnwbp","webhook-signature":"v1,0gxBLKrVyCLpxvqJINRc796yU2Rti12Bk3nDegOVpuY=","webhook-timestamp":"1796299685"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:05 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzrtgdh2cdd5yzmc2fns', 'dlv_01m8xwvzrmvzwf9bcwmkswm84f', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvzrmvzwf9bctw34qnwbp', 1, '2026-12-03 12:08:05.65828+00', 3603, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzrmvzwf9bctw34qnwbp","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzrmvzwf9bctw34qnwbp","webhook-signature":"v1,Ud3SMKTDzvQVYfXaQxVUYK7vwL2h13/fjlD/kUFr5Ws= v1,FiOeyXYTf9GgVX6EsbMo7aqkk7KvpWTvUchWeKQ2j3o=","webhook-timestamp":"1796299685"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:05 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzrtgdh2cdd5zz5qaxwh', 'dlv_01m8xwvzfqvr1tb3dsrf4ehj5j', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvzfqvr1tb3dsfeqf7gvt', 1, '2026-12-03 12:08:05.386916+00', 304384, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzfqvr1tb3dsfeqf7gvt","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzfqvr1tb3dsfeqf7gvt","webhook-signature":"v1,tbeB1nhHKXWOF2VQIjWoIyScEcKI/+90j790V4lcBDM=","webhook-timestamp":"1796299685"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:05 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0wedw4wp5rw5k49ynep', 'dlv_01m8xww0nykdem8c42kvg9cahh', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xww0nykdem8c41pzbn84bx', 1, '2026-12-03 12:08:06.599718+00', 328448, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0nykdem8c41pzbn84bx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0nykdem8c41pzbn84bx","webhook-signature":"v1,r9TBqD1DneYljs4GG6+GZ87m2gbIUAmAvMRO6afyRbg=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww10rp4ycznsyck3nwrek', 'dlv_01m8xww10fdxk9sanhm77ndr6g', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xww10fdxk9sanftfvakwqr', 1, '2026-12-03 12:08:06.936335+00', 172, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww10fdxk9sanftfvakwqr","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww10fdxk9sanftfvakwqr","webhook-signature":"v1,BwuMKdcsoIQSkePWSNNo6c+zUp5sMTF4EoFNykatxe8=","webhook-timestamp":"1796299686"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww10rp4ycznsz7ejy4gad', 'dlv_01m8xww10fdxk9sanhf5vxrq82', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xww10fdxk9sanftfvakwqr', 1, '2026-12-03 12:08:06.936171+00', 8062, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww10fdxk9sanftfvakwqr","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww10fdxk9sanftfvakwqr","webhook-signature":"v1,h0w5QxdwDNPDu6FZeJqqdPtr4D1rwv0jyfMw+yaCFI0=","webhook-timestamp":"1796299686"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww10rp4ycznszdqwhcasw', 'dlv_01m8xww10fdxk9sanh19krk26z', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xww10fdxk9sanftfvakwqr', 1, '2026-12-03 12:08:06.935964+00', 8673, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww10fdxk9sanftfvakwqr","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww10fdxk9sanftfvakwqr","webhook-signature":"v1,/4RUfp37sVrcu0f7nX2meSEB70Puf8n7E8LGsufAsv4= v1,BfIVzcBHpj/wleqscnsxwTd3yKrllk1rvWhZ2qx6GTk=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww10rp4ycznszythz1gtv', 'dlv_01m8xww0v8fp43asfkb0pek513', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xww0v8fp43asfk583wd6zs', 1, '2026-12-03 12:08:06.762116+00', 337745, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0v8fp43asfk583wd6zs","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0v8fp43asfk583wd6zs","webhook-signature":"v1,v0YMYJezoY3gyAfCqV8VlXqTDy23ZIEKD3bbvGCw574=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:07 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzzmdnxf2c2qtkc0enn8', 'dlv_01m8xwvzyv8g0a3zmzkw6y5660', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xwvzyv8g0a3zmxdyrezqsp', 1, '2026-12-03 12:08:05.876178+00', 487, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzyv8g0a3zmxdyrezqsp","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzyv8g0a3zmxdyrezqsp","webhook-signature":"v1,1mM8RV58W0CDH3ZzAYl7No8zlgjVbs4H1HRo9S7K4mY=","webhook-timestamp":"1796299685"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzzmdnxf2c2rpgez7xk5', 'dlv_01m8xwvzyv8g0a3zmzbk3gfszt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xwvzyv8g0a3zmxdyrezqsp', 1, '2026-12-03 12:08:05.87606+00', 35999, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzyv8g0a3zmxdyrezqsp","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzyv8g0a3zmxdyrezqsp","webhook-signature":"v1,LOQcy/LHRKHhhiZJtFoJlGWuQc1YjZDCMzqDqSP9r+4=","webhook-timestamp":"1796299685"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:05 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xwvzzmdnxf2c2sjxp0hbam', 'dlv_01m8xwvzyv8g0a3zmyeqffgwm0', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xwvzyv8g0a3zmxdyrezqsp', 1, '2026-12-03 12:08:05.875935+00', 36508, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzyv8g0a3zmxdyrezqsp","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzyv8g0a3zmxdyrezqsp","webhook-signature":"v1,0mzUwuPXVfB+aeqXCE+uiDlbl39vnEaOH+jDThYBILs= v1,aUm6fo1bpxILnHdEbMcwrqS7sOw6eX0oG5NptF9xAB4=","webhook-timestamp":"1796299685"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:05 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww01nryk6j33j9sayjay8', 'dlv_01m8xwvzrmvzwf9bcvrzhd725a', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvzrmvzwf9bctw34qnwbp', 1, '2026-12-03 12:08:05.658551+00', 308334, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzrmvzwf9bctw34qnwbp","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzrmvzwf9bctw34qnwbp","webhook-signature":"v1,nAHAOCJNZEPcC5WA0htO+LTmcB6jXFuODVvKLCXT4Uk=","webhook-timestamp":"1796299685"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:05 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww04ax2gypd5g09znhrtg', 'dlv_01m8xww0465mb8v38djtsnsw6n', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xww0465mb8v38bnr4c3c52', 1, '2026-12-03 12:08:06.026703+00', 522, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0465mb8v38bnr4c3c52","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0465mb8v38bnr4c3c52","webhook-signature":"v1,lcxWJfS8cjBwhptItWfKA4GiYDiQbWIR1Cn8bp8cAPs=","webhook-timestamp":"1796299686"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww04ax2gypd5h56zqmh62', 'dlv_01m8xww0465mb8v38cvbzpjz7m', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xww0465mb8v38bnr4c3c52', 1, '2026-12-03 12:08:06.02646+00', 1288, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0465mb8v38bnr4c3c52","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0465mb8v38bnr4c3c52","webhook-signature":"v1,FOccvtmiAL2uqYHOfNvvWKkiar+6TLb0FKg1yYHBL54= v1,Q+bRFp6AY1UjwU8QBpTC8V2q9p/al4wkGQ6UGCdIG5c=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww04ax2gypd5gb5m90qme', 'dlv_01m8xww0465mb8v38ef903fkae', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xww0465mb8v38bnr4c3c52', 1, '2026-12-03 12:08:06.02687+00', 733, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0465mb8v38bnr4c3c52","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0465mb8v38bnr4c3c52","webhook-signature":"v1,JELdsPB3VSg6PV5KQQG3C7rf6vgnEBExnGYC/vkUgUY=","webhook-timestamp":"1796299686"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww06h7p7t1vvwc7ttjmgw', 'dlv_01m8xwvzyv8g0a3zmxh1qapt3y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xwvzyv8g0a3zmxdyrezqsp', 1, '2026-12-03 12:08:05.875609+00', 385299, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvzyv8g0a3zmxdyrezqsp","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvzyv8g0a3zmxdyrezqsp","webhook-signature":"v1,nM3i8Y+F1tLOSWkiK/S5+bmbIoXofqYNeqCfBBRIYPs=","webhook-timestamp":"1796299685"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww06h7p7t1vvwd7w59crx', 'dlv_01m8xww0465mb8v38cagrhfxkt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xww0465mb8v38bnr4c3c52', 1, '2026-12-03 12:08:06.026619+00', 335371, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0465mb8v38bnr4c3c52","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0465mb8v38bnr4c3c52","webhook-signature":"v1,GWj7JGMF+R4pGkS8xDOKDgpltI8JkKUHkV7SuFPqQuw=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0gg6f2ctqrsfzegxsn6', 'dlv_01m8xww0g47k3nnfdktf5d0tc1', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xww0g47k3nnfdhsxj3xy3e', 1, '2026-12-03 12:08:06.416571+00', 210, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0g47k3nnfdhsxj3xy3e","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0g47k3nnfdhsxj3xy3e","webhook-signature":"v1,DmWKRrhjuyZsZWutCuSwjPDV0Sql2wMrSy+eaE5dXdo=","webhook-timestamp":"1796299686"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0gg6f2ctqrt0gyzzxar', 'dlv_01m8xww0g47k3nnfdk5naggfw4', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xww0g47k3nnfdhsxj3xy3e', 1, '2026-12-03 12:08:06.41639+00', 8541, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0g47k3nnfdhsxj3xy3e","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0g47k3nnfdhsxj3xy3e","webhook-signature":"v1,0WGXVpvFDLpScdDzKP+tIiSwIUoGAuIoXTGbaJiPb88=","webhook-timestamp":"1796299686"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0gg6f2ctqrtte1n8xhs', 'dlv_01m8xww0g47k3nnfdjpxzm6t1p', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xww0g47k3nnfdhsxj3xy3e', 1, '2026-12-03 12:08:06.416065+00', 9157, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0g47k3nnfdhsxj3xy3e","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0g47k3nnfdhsxj3xy3e","webhook-signature":"v1,+L/0AksgPZR5uWpgRNpUK9GTmluYL0pPK+emgqFr6eg= v1,2vuqI9/SRkcmPRGuJCDmMHeFZBEDH2HLUXZcEyaLik0=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0p7wqqt03w7nnsq0hz5', 'dlv_01m8xww0nykdem8c44e9tvd680', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xww0nykdem8c41pzbn84bx', 1, '2026-12-03 12:08:06.599749+00', 1098, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0nykdem8c41pzbn84bx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0nykdem8c41pzbn84bx","webhook-signature":"v1,veLip05Rpf1QlOunse8XFKlaAiAlZAYjUFP2WSfpths=","webhook-timestamp":"1796299686"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0p7wqqt03w804z3dtpv', 'dlv_01m8xww0nykdem8c43fesh96yq', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xww0nykdem8c41pzbn84bx', 1, '2026-12-03 12:08:06.599967+00', 1472, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0nykdem8c41pzbn84bx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0nykdem8c41pzbn84bx","webhook-signature":"v1,PqQwUFIn4NinShHCG5/CLkewzgZX9zZIRB2aQzYQGj8= v1,supeRwtL9AoJ05EsR4UWD3KLxtLK1aU898QaTbsIjLk=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0p7wqqt03w8mdgvagyg', 'dlv_01m8xww0nykdem8c44qg76c53y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xww0nykdem8c41pzbn84bx', 1, '2026-12-03 12:08:06.599953+00', 1605, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0nykdem8c41pzbn84bx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0nykdem8c41pzbn84bx","webhook-signature":"v1,UZErBmPbmj0YeCvulYv/YZaOgVzpwOxASzqir1y47dI=","webhook-timestamp":"1796299686"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0q71sjw0szvcmc17xd1', 'dlv_01m8xww0g47k3nnfdjdz9eycf5', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xww0g47k3nnfdhsxj3xy3e', 1, '2026-12-03 12:08:06.416258+00', 315662, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0g47k3nnfdhsxj3xy3e","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0g47k3nnfdhsxj3xy3e","webhook-signature":"v1,famAt3OH3M5ckjyeliDpIlKECtR/29UvY9SmfdodLKE=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0v9vzq5axd148qce1gy', 'dlv_01m8xww0v8fp43asfm9n3f5nq6', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xww0v8fp43asfk583wd6zs', 1, '2026-12-03 12:08:06.761957+00', 1324, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0v8fp43asfk583wd6zs","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0v8fp43asfk583wd6zs","webhook-signature":"v1,oQcmTyteuKzaQmvoK42DEoeO7T/ogQQ4F6+JLYnP5Gc= v1,IlsqyphUNq459sANQvTANUC2U3tntBrgb1YemlX0HJA=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0vam6wmnvedaj4cf5v5', 'dlv_01m8xww0v8fp43asfn9n371t4k', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xww0v8fp43asfk583wd6zs', 1, '2026-12-03 12:08:06.762211+00', 1262, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0v8fp43asfk583wd6zs","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0v8fp43asfk583wd6zs","webhook-signature":"v1,mJhiFZ7kufhd/UK8oFzI3N8KADWuNLGkxOrhsxrCrRc=","webhook-timestamp":"1796299686"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:06 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww0vam6wmnvee5r5ht1sf', 'dlv_01m8xww0v8fp43asfnt4t9bfm6', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xww0v8fp43asfk583wd6zs', 1, '2026-12-03 12:08:06.762642+00', 1282, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww0v8fp43asfk583wd6zs","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww0v8fp43asfk583wd6zs","webhook-signature":"v1,eZs0nwIMe8OdOvXsGVQC+nSP+6RXTYMwVp7xV2ohzd0=","webhook-timestamp":"1796299686"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww17gjbz6h2xss2x34120', 'dlv_01m8xww1771850nemzvjz7znq2', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xww1771850nemyr8rng0eg', 1, '2026-12-03 12:08:07.152419+00', 211, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww1771850nemyr8rng0eg","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww1771850nemyr8rng0eg","webhook-signature":"v1,zRDdpLvk3BX5MjfcrLIdK8FzH9/a8rKU2bi92iSbxg8=","webhook-timestamp":"1796299687"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww17gjbz6h2xsvzjdqet7', 'dlv_01m8xww1771850nemzs15rrekb', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'evt_01m8xww1771850nemyr8rng0eg', 1, '2026-12-03 12:08:07.152312+00', 2204, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww1771850nemyr8rng0eg","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww1771850nemyr8rng0eg","webhook-signature":"v1,cUUUR84y4Kpv115TYN/St+VQnZsEML0BkYrHyjNZh/k=","webhook-timestamp":"1796299687"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:07 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww17gjbz6h2xt3e5kstmb', 'dlv_01m8xww1771850nemzpq3dm5n5', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvqed3hemw19mphesskq0', 'evt_01m8xww1771850nemyr8rng0eg', 1, '2026-12-03 12:08:07.152159+00', 2428, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww1771850nemyr8rng0eg","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww1771850nemyr8rng0eg","webhook-signature":"v1,suGP6rCCTCZWWvxdJPRO4JB3eJHeVQjZe+RwPk0U2wM= v1,3WqCg8cwVKBZ2Mm2/zK1SAWKB4CBg+0i5OzL+9LPZ/M=","webhook-timestamp":"1796299687"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:07 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww199ak19jtf5sxd6shp8', 'dlv_01m8xww10fdxk9sang7hrn1yrv', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'evt_01m8xww10fdxk9sanftfvakwqr', 1, '2026-12-03 12:08:06.936119+00', 354160, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww10fdxk9sanftfvakwqr","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww10fdxk9sanftfvakwqr","webhook-signature":"v1,Ldf9vfikh6a+7IOK3AcuEfW135y5Bd8AZZwGb0CO3LI=","webhook-timestamp":"1796299686"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:08:07 GMT"}', '\x', '', '', true);
INSERT INTO s_207c275.attempts VALUES ('att_01m8xww1f72stgzyzdn89bys2j', 'dlv_01m8xww1ers1nd51hdmfak7jnn', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'evt_01m8xww1ers1nd51hcak71a4d9', 1, '2026-12-03 12:08:07.399562+00', 489, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xww1ers1nd51hcak71a4d9","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xww1ers1nd51hcak71a4d9","webhook-signature":"v1,Rvjo8iwp7TkMrAankv0IntsEOROcEtbQ29F1L6gs8Ms=","webhook-timestamp":"1796299687"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);


--
-- Data for Name: dashboard_sessions; Type: TABLE DATA; Schema: s_207c275; Owner: -
--



--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: s_207c275; Owner: -
--

INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrvz004d9rz34dvvhf3n', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.608109+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.591808+00', '2026-12-03 12:07:58.608109+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrvz004d9rz4fhtd1bbh', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 'stamp.uploaded', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.608288+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.591808+00', '2026-12-03 12:07:58.608288+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrwrcvk63pfkm1fxyews', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 'order.delivered', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.625372+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.616584+00', '2026-12-03 12:07:58.625372+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrwrcvk63pfhw6bh89h7', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 'order.delivered', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.627007+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.616584+00', '2026-12-03 12:07:58.627007+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs2wvp28pe2rcasx2ysk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.818783+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.812814+00', '2026-12-03 12:07:58.818783+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs2wvp28pe2tmfc2qpxt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 'stamp.uploaded', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.819697+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.812814+00', '2026-12-03 12:07:58.819697+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs3kbnwn1zhpftj3077e', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 'order.delivered', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.856997+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.83544+00', '2026-12-03 12:07:58.856997+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs3kbnwn1zhq3cfj9vdp', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 'order.delivered', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.857192+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.83544+00', '2026-12-03 12:07:58.857192+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrvz004d9rz2b4s402n9', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.912516+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.591808+00', '2026-12-03 12:07:58.912516+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrwrcvk63pfh4et6cbra', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 'order.delivered', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.925925+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.616584+00', '2026-12-03 12:07:58.925925+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs6yj64tcrb9ax2kfzkk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.94711+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.942422+00', '2026-12-03 12:07:58.94711+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs6yj64tcrb8msjwmzg4', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.247945+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.942422+00', '2026-12-03 12:07:59.247945+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs3kbnwn1zhnyzpgm61m', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 'order.delivered', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.271506+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.83544+00', '2026-12-03 12:07:59.271506+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs2wvp28pe2qjfhqt2ex', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.272032+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.812814+00', '2026-12-03 12:07:59.272032+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs2wvp28pe2sazhz6tbp', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.451722+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:58.812814+00', '2026-12-03 12:07:59.451722+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs2wvp28pe2ta7gdfv6z', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs2wvp28pe2pjh5sqyc8', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.464513+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:58.812814+00', '2026-12-03 12:07:59.464513+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs3kbnwn1zhq2xgr92zf', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 'order.delivered', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.503781+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:58.83544+00', '2026-12-03 12:07:59.503781+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs3kbnwn1zhpxjsgznc6', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs3kbnwn1zhn1772jy0p', 'order.delivered', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.513568+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:58.83544+00', '2026-12-03 12:07:59.513568+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs6yj64tcrb9p7me2qq1', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.588623+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:58.942422+00', '2026-12-03 12:07:59.588623+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs6yj64tcrb9y6rnv56y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.616164+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:58.942422+00', '2026-12-03 12:07:59.616164+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs6yj64tcrbahvcbfyf9', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs6yj64tcrb85qbwxf5f', 'stamp.uploaded', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.955944+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.942422+00', '2026-12-03 12:07:58.955944+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs7m2q5sskk3eyts865e', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 'order.delivered', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.973056+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.964245+00', '2026-12-03 12:07:58.973056+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs7m2q5sskk1w5v61ezz', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 'order.delivered', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:58.973191+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.964245+00', '2026-12-03 12:07:58.973191+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs7m2q5sskk0z83qtwre', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 'order.delivered', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.274827+00', 200, '', NULL, NULL, '2026-12-03 12:07:58.964245+00', '2026-12-03 12:07:59.274827+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs7m2q5sskk2fbyy4a2a', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 'order.delivered', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.553042+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:58.964245+00', '2026-12-03 12:07:59.553042+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvs7m2q5sskk3d4p6wb6g', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvs7m2q5sskk0ebrqvp4c', 'order.delivered', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.588447+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:58.964245+00', '2026-12-03 12:07:59.588447+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvse8se0287qp1hw4f1af', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvse8se0287qmy5yyn3nj', 'stamp.failed', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.201601+00', 200, '', NULL, NULL, '2026-12-03 12:07:59.176481+00', '2026-12-03 12:07:59.201601+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvse8se0287qr7a15bnw5', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvse8se0287qmy5yyn3nj', 'stamp.failed', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.201627+00', 200, '', NULL, NULL, '2026-12-03 12:07:59.176481+00', '2026-12-03 12:07:59.201627+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvshh3rms3vsbhzwhnv20', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvshh3rms3vsahb099hcv', 'order.cancelled', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.303085+00', 200, '', NULL, NULL, '2026-12-03 12:07:59.281391+00', '2026-12-03 12:07:59.303085+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvshh3rms3vscm5w5n72h', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvshh3rms3vsahb099hcv', 'order.cancelled', 'we_01m8xwvrfmv5k0rwe93va2k6wm', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.303258+00', 200, '', NULL, NULL, '2026-12-03 12:07:59.281391+00', '2026-12-03 12:07:59.303258+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrvz004d9rz3tt5naze7', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.318244+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:58.591808+00', '2026-12-03 12:07:59.318244+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrvz004d9rz41mknjkmq', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrvz004d9rz1s1hejc4g', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.341596+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:58.591808+00', '2026-12-03 12:07:59.341596+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrwrcvk63pfjx6zfnttt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 'order.delivered', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.34205+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:58.616584+00', '2026-12-03 12:07:59.34205+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvrwrcvk63pfjgprgmmjc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvrwrcvk63pfg6tdb7j8e', 'order.delivered', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.347765+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:58.616584+00', '2026-12-03 12:07:59.347765+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvse8se0287qn6j23ajyc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvse8se0287qmy5yyn3nj', 'stamp.failed', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.567515+00', 200, '', NULL, NULL, '2026-12-03 12:07:59.176481+00', '2026-12-03 12:07:59.567515+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvshh3rms3vsan3r1zz6f', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvshh3rms3vsahb099hcv', 'order.cancelled', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:59.60302+00', 200, '', NULL, NULL, '2026-12-03 12:07:59.281391+00', '2026-12-03 12:07:59.60302+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvse8se0287qpjjbfatnk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvse8se0287qmy5yyn3nj', 'stamp.failed', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.801234+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:59.176481+00', '2026-12-03 12:07:59.801234+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvse8se0287qqcnwvnbg0', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvse8se0287qmy5yyn3nj', 'stamp.failed', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.827718+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:59.176481+00', '2026-12-03 12:07:59.827718+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvshh3rms3vscaw693zhn', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvshh3rms3vsahb099hcv', 'order.cancelled', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.923463+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:59.281391+00', '2026-12-03 12:07:59.923463+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvshh3rms3vsckvqgj2dc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvshh3rms3vsahb099hcv', 'order.cancelled', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'failed', 3, 3, NULL, '2026-12-03 12:07:59.965263+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:59.281391+00', '2026-12-03 12:07:59.965263+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvxdn74q27gz3bt6182jk', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvxdn74q27gz1aw42gcm3', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:17.145573+00', '2026-12-03 12:08:03.297899+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:17.145573+00', NULL, '2026-12-03 12:08:03.253705+00', '2026-12-03 12:08:03.297899+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvxdn74q27gz2pr7sbxv8', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvxdn74q27gz1aw42gcm3', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:17.374028+00', '2026-12-03 12:08:03.298624+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:17.374028+00', NULL, '2026-12-03 12:08:03.253705+00', '2026-12-03 12:08:03.298624+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvxdn74q27gz2c18ae50h', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvxdn74q27gz1aw42gcm3', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:03.29859+00', 200, '', NULL, NULL, '2026-12-03 12:08:03.253705+00', '2026-12-03 12:08:03.29859+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvxqwzmzx8sjxz7nyj92y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvxqwzmzx8sjw69haaj0a', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:17.514018+00', '2026-12-03 12:08:03.584211+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:17.514018+00', NULL, '2026-12-03 12:08:03.580452+00', '2026-12-03 12:08:03.584211+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvxqwzmzx8sjx1j966n7f', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvxqwzmzx8sjw69haaj0a', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:03.592869+00', 200, '', NULL, NULL, '2026-12-03 12:08:03.580452+00', '2026-12-03 12:08:03.592869+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvxqwzmzx8sjx80k7pmkx', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvxqwzmzx8sjw69haaj0a', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:19.97065+00', '2026-12-03 12:08:03.592766+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:19.97065+00', NULL, '2026-12-03 12:08:03.580452+00', '2026-12-03 12:08:03.592766+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvxdn74q27gz1s9eser2m', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvxdn74q27gz1aw42gcm3', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:03.599774+00', 200, '', NULL, NULL, '2026-12-03 12:08:03.253705+00', '2026-12-03 12:08:03.599774+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvxqwzmzx8sjwem9petkg', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvxqwzmzx8sjw69haaj0a', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:03.894291+00', 200, '', NULL, NULL, '2026-12-03 12:08:03.580452+00', '2026-12-03 12:08:03.894291+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzfqvr1tb3dvjhca6jmj', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzfqvr1tb3dsfeqf7gvt', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:21.50194+00', '2026-12-03 12:08:05.387487+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:21.50194+00', NULL, '2026-12-03 12:08:05.367125+00', '2026-12-03 12:08:05.387487+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzfqvr1tb3dtk5q0x9hx', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzfqvr1tb3dsfeqf7gvt', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:20.267434+00', '2026-12-03 12:08:05.391414+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:20.267434+00', NULL, '2026-12-03 12:08:05.367125+00', '2026-12-03 12:08:05.391414+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzfqvr1tb3dth375a4s1', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzfqvr1tb3dsfeqf7gvt', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:05.391503+00', 200, '', NULL, NULL, '2026-12-03 12:08:05.367125+00', '2026-12-03 12:08:05.391503+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzfqvr1tb3dsrf4ehj5j', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzfqvr1tb3dsfeqf7gvt', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:05.691301+00', 200, '', NULL, NULL, '2026-12-03 12:08:05.367125+00', '2026-12-03 12:08:05.691301+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzrmvzwf9bcvrzhd725a', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzrmvzwf9bctw34qnwbp', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:05.966886+00', 200, '', NULL, NULL, '2026-12-03 12:08:05.652745+00', '2026-12-03 12:08:05.966886+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzyv8g0a3zmxh1qapt3y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzyv8g0a3zmxdyrezqsp', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:06.260909+00', 200, '', NULL, NULL, '2026-12-03 12:08:05.851114+00', '2026-12-03 12:08:06.260909+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzrmvzwf9bcxy4r84jnz', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzrmvzwf9bctw34qnwbp', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:21.217026+00', '2026-12-03 12:08:05.661005+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:21.217026+00', NULL, '2026-12-03 12:08:05.652745+00', '2026-12-03 12:08:05.661005+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzrmvzwf9bcxkbzxzkkq', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzrmvzwf9bctw34qnwbp', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:21.570874+00', '2026-12-03 12:08:05.661771+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:21.570874+00', NULL, '2026-12-03 12:08:05.652745+00', '2026-12-03 12:08:05.661771+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzrmvzwf9bcwmkswm84f', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzrmvzwf9bctw34qnwbp', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:05.661884+00', 200, '', NULL, NULL, '2026-12-03 12:08:05.652745+00', '2026-12-03 12:08:05.661884+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzyv8g0a3zmzkw6y5660', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzyv8g0a3zmxdyrezqsp', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:21.187993+00', '2026-12-03 12:08:05.876666+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:21.187993+00', NULL, '2026-12-03 12:08:05.851114+00', '2026-12-03 12:08:05.876666+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzyv8g0a3zmzbk3gfszt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzyv8g0a3zmxdyrezqsp', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:22.213209+00', '2026-12-03 12:08:05.91206+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:22.213209+00', NULL, '2026-12-03 12:08:05.851114+00', '2026-12-03 12:08:05.91206+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xwvzyv8g0a3zmyeqffgwm0', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xwvzyv8g0a3zmxdyrezqsp', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:05.912443+00', 200, '', NULL, NULL, '2026-12-03 12:08:05.851114+00', '2026-12-03 12:08:05.912443+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0465mb8v38djtsnsw6n', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0465mb8v38bnr4c3c52', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:20.3232+00', '2026-12-03 12:08:06.027225+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:20.3232+00', NULL, '2026-12-03 12:08:06.022745+00', '2026-12-03 12:08:06.027225+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0465mb8v38cvbzpjz7m', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0465mb8v38bnr4c3c52', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:06.027749+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.022745+00', '2026-12-03 12:08:06.027749+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0465mb8v38ef903fkae', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0465mb8v38bnr4c3c52', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:21.360957+00', '2026-12-03 12:08:06.027603+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:21.360957+00', NULL, '2026-12-03 12:08:06.022745+00', '2026-12-03 12:08:06.027603+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0465mb8v38cagrhfxkt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0465mb8v38bnr4c3c52', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:06.36199+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.022745+00', '2026-12-03 12:08:06.36199+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0g47k3nnfdktf5d0tc1', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0g47k3nnfdhsxj3xy3e', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:22.680898+00', '2026-12-03 12:08:06.416781+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:22.680898+00', NULL, '2026-12-03 12:08:06.404827+00', '2026-12-03 12:08:06.416781+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0g47k3nnfdk5naggfw4', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0g47k3nnfdhsxj3xy3e', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:20.043069+00', '2026-12-03 12:08:06.424932+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:20.043069+00', NULL, '2026-12-03 12:08:06.404827+00', '2026-12-03 12:08:06.424932+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0g47k3nnfdjpxzm6t1p', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0g47k3nnfdhsxj3xy3e', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:06.425223+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.404827+00', '2026-12-03 12:08:06.425223+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0nykdem8c44e9tvd680', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0nykdem8c41pzbn84bx', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:21.564732+00', '2026-12-03 12:08:06.600847+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:21.564732+00', NULL, '2026-12-03 12:08:06.590933+00', '2026-12-03 12:08:06.600847+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0nykdem8c44qg76c53y', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0nykdem8c41pzbn84bx', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:20.996085+00', '2026-12-03 12:08:06.601559+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:20.996085+00', NULL, '2026-12-03 12:08:06.590933+00', '2026-12-03 12:08:06.601559+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0nykdem8c43fesh96yq', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0nykdem8c41pzbn84bx', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:06.60144+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.590933+00', '2026-12-03 12:08:06.60144+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0g47k3nnfdjdz9eycf5', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0g47k3nnfdhsxj3xy3e', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:06.73192+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.404827+00', '2026-12-03 12:08:06.73192+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0v8fp43asfm9n3f5nq6', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0v8fp43asfk583wd6zs', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:06.763281+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.760165+00', '2026-12-03 12:08:06.763281+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0v8fp43asfnt4t9bfm6', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0v8fp43asfk583wd6zs', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:20.900777+00', '2026-12-03 12:08:06.763925+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:20.900777+00', NULL, '2026-12-03 12:08:06.760165+00', '2026-12-03 12:08:06.763925+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0v8fp43asfn9n371t4k', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0v8fp43asfk583wd6zs', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:22.243559+00', '2026-12-03 12:08:06.763474+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:22.243559+00', NULL, '2026-12-03 12:08:06.760165+00', '2026-12-03 12:08:06.763474+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0nykdem8c42kvg9cahh', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0nykdem8c41pzbn84bx', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:06.928167+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.590933+00', '2026-12-03 12:08:06.928167+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww10fdxk9sanhm77ndr6g', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww10fdxk9sanftfvakwqr', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:22.016122+00', '2026-12-03 12:08:06.936507+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:22.016122+00', NULL, '2026-12-03 12:08:06.927987+00', '2026-12-03 12:08:06.936507+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww10fdxk9sanhf5vxrq82', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww10fdxk9sanftfvakwqr', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:20.663169+00', '2026-12-03 12:08:06.944233+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:20.663169+00', NULL, '2026-12-03 12:08:06.927987+00', '2026-12-03 12:08:06.944233+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww10fdxk9sanh19krk26z', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww10fdxk9sanftfvakwqr', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:06.944637+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.927987+00', '2026-12-03 12:08:06.944637+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww0v8fp43asfkb0pek513', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww0v8fp43asfk583wd6zs', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:07.099862+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.760165+00', '2026-12-03 12:08:07.099862+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww1771850nemz423d8w7g', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww1771850nemyr8rng0eg', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'pending', 0, 0, NULL, NULL, 0, '', '2026-12-03 12:09:07.143477+00', 'vm-e03144a6', '2026-12-03 12:08:07.143475+00', '2026-12-03 12:08:07.143475+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww1771850nemzpq3dm5n5', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww1771850nemyr8rng0eg', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:07.154587+00', 200, '', NULL, NULL, '2026-12-03 12:08:07.143475+00', '2026-12-03 12:08:07.154587+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww10fdxk9sang7hrn1yrv', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww10fdxk9sanftfvakwqr', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'succeeded', 1, 1, NULL, '2026-12-03 12:08:07.290279+00', 200, '', NULL, NULL, '2026-12-03 12:08:06.927987+00', '2026-12-03 12:08:07.290279+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww1771850nemzvjz7znq2', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww1771850nemyr8rng0eg', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:21.990759+00', '2026-12-03 12:08:07.152631+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:21.990759+00', NULL, '2026-12-03 12:08:07.143475+00', '2026-12-03 12:08:07.152631+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww1771850nemzs15rrekb', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww1771850nemyr8rng0eg', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'retrying', 1, 1, '2026-12-03 12:08:21.036279+00', '2026-12-03 12:08:07.154517+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:21.036279+00', NULL, '2026-12-03 12:08:07.143475+00', '2026-12-03 12:08:07.154517+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww1ers1nd51hdabebr8b8', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww1ers1nd51hcak71a4d9', 'stamp.uploaded', 'we_01m8xwvpzvj6atsgr40r7zpsrj', 'pending', 0, 0, NULL, NULL, 0, '', '2026-12-03 12:09:07.384164+00', 'vm-e03144a6', '2026-12-03 12:08:07.384163+00', '2026-12-03 12:08:07.384163+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww1ers1nd51hdambnzb0w', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww1ers1nd51hcak71a4d9', 'stamp.uploaded', 'we_01m8xwvqed3hemw19mphesskq0', 'pending', 0, 0, NULL, NULL, 0, '', '2026-12-03 12:09:07.384164+00', 'vm-e03144a6', '2026-12-03 12:08:07.384163+00', '2026-12-03 12:08:07.384163+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww1ers1nd51hdktzheg6s', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww1ers1nd51hcak71a4d9', 'stamp.uploaded', 'we_01m8xwvqxgsq1q674w6nwhxzmv', 'pending', 0, 0, NULL, NULL, 0, '', '2026-12-03 12:09:07.384164+00', 'vm-e03144a6', '2026-12-03 12:08:07.384163+00', '2026-12-03 12:08:07.384163+00', false);
INSERT INTO s_207c275.deliveries VALUES ('dlv_01m8xww1ers1nd51hdmfak7jnn', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'evt_01m8xww1ers1nd51hcak71a4d9', 'stamp.uploaded', 'we_01m8xwvr5qh5dz47py58gyd6wx', 'retrying', 1, 1, '2026-12-03 12:08:23.117886+00', '2026-12-03 12:08:07.400052+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:23.117886+00', NULL, '2026-12-03 12:08:07.384163+00', '2026-12-03 12:08:07.400052+00', false);


--
-- Data for Name: endpoints; Type: TABLE DATA; Schema: s_207c275; Owner: -
--

INSERT INTO s_207c275.endpoints VALUES ('we_01m8xwvpzvj6atsgr40r7zpsrj', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'http://127.0.0.1:27311/hook', 'ok1', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'enabled', '', 'whsec_jIIk+E4/BBTj100kDCVl+lbsNw7krZdg9t3QpYcJerc=', '', NULL, NULL, '2026-12-03 12:07:56.667692+00', '2026-12-03 12:07:56.667692+00', NULL, '');
INSERT INTO s_207c275.endpoints VALUES ('we_01m8xwvr5qh5dz47py58gyd6wx', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'http://127.0.0.1:27314/hook', 'down', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'enabled', '', 'whsec_+hy7QwgpzwBwILyGHTJiOQPjpeYuzmAXs3UxD4Grc/Y=', '', NULL, '2026-12-03 12:07:58.600818+00', '2026-12-03 12:07:57.879955+00', '2026-12-03 12:07:57.879955+00', NULL, '');
INSERT INTO s_207c275.endpoints VALUES ('we_01m8xwvqxgsq1q674w6nwhxzmv', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'http://127.0.0.1:27313/hook', 'e500', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'enabled', '', 'whsec_1IDfVCUplH8G3wXaUwUO192Afz5+usWjeSy3x7Q+XrE=', '', NULL, '2026-12-03 12:07:58.600778+00', '2026-12-03 12:07:57.616268+00', '2026-12-03 12:07:57.616268+00', NULL, '');
INSERT INTO s_207c275.endpoints VALUES ('we_01m8xwvqed3hemw19mphesskq0', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'http://127.0.0.1:27312/hook', 'ok2', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'enabled', '', 'whsec_d/vBCvetmYoaHa0g4OUGIajCi5zNVSk12qBAuRKV+yg=', 'whsec_LDRU5TmddQ6WMhbu0kUjx7QEbiL/JkgxTAqagn/jF2s=', '2026-12-04 12:08:02.376333+00', NULL, '2026-12-03 12:07:57.133455+00', '2026-12-03 12:08:02.376333+00', NULL, '');
INSERT INTO s_207c275.endpoints VALUES ('we_01m8xwvrfmv5k0rwe93va2k6wm', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'http://127.0.0.1:27315/hook', 'dis', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'disabled', 'disabled by the account', 'whsec_74230Xyi//4rVTWoSagj0cjlx2hZQUPq7ybPpUfkt+I=', '', NULL, NULL, '2026-12-03 12:07:58.196068+00', '2026-12-03 12:08:02.856956+00', NULL, '');


--
-- Data for Name: events; Type: TABLE DATA; Schema: s_207c275; Owner: -
--

INSERT INTO s_207c275.events VALUES ('evt_01m8xwvrvz004d9rz1s1hejc4g', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvrqdydm9sbsxnjn527kc', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777672767a3030346439727a31733168656a633467222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3539315a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777672716479646d39736273786e6a6e3532376b63222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3434355a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777672716479646d39736273787664383163656e6d222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:58.591808+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvrwrcvk63pfg6tdb7j8e', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvrqdydm9sbsxnjn527kc', 'order.delivered', '\x7b226964223a226576745f30316d3878777672777263766b363370666736746462376a3865222c2274797065223a226f726465722e64656c697665726564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3631365a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777672716479646d39736273786e6a6e3532376b63222c22737461747573223a2244454c495645524544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3434355a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777672716479646d39736273787664383163656e6d222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c2264656c6976657279223a7b22706172746e6572223a22426c756544617274222c22747261636b696e675f6964223a225431222c2264656c6976657265645f6174223a22323032362d31322d30335431323a30373a35382e3631365a227d7d7d', '2026-12-03 12:07:58.616584+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvs2wvp28pe2pjh5sqyc8', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvryw2k4d990vpmgbymn4', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777673327776703238706532706a68357371796338222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3831325a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776727977326b346439393076706d6762796d6e34222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3638345a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776727977326b3464393930767762646838683038222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:58.812814+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvs3kbnwn1zhn1772jy0p', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvryw2k4d990vpmgbymn4', 'order.delivered', '\x7b226964223a226576745f30316d3878777673336b626e776e317a686e313737326a793070222c2274797065223a226f726465722e64656c697665726564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3833355a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776727977326b346439393076706d6762796d6e34222c22737461747573223a2244454c495645524544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3638345a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776727977326b3464393930767762646838683038222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c2264656c6976657279223a7b22706172746e6572223a22426c756544617274222c22747261636b696e675f6964223a225432222c2264656c6976657265645f6174223a22323032362d31322d30335431323a30373a35382e3833355a227d7d7d', '2026-12-03 12:07:58.83544+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvs6yj64tcrb85qbwxf5f', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvs5fbzyza84jpnhkat75', 'stamp.uploaded', '\x7b226964223a226576745f30316d387877767336796a363474637262383571627778663566222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3934325a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776733566627a797a6138346a706e686b61743735222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3839355a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776733566627a797a6138346b6135797262353464222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:58.942422+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvs7m2q5sskk0ebrqvp4c', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvs5fbzyza84jpnhkat75', 'order.delivered', '\x7b226964223a226576745f30316d3878777673376d32713573736b6b306562727176703463222c2274797065223a226f726465722e64656c697665726564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3936345a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776733566627a797a6138346a706e686b61743735222c22737461747573223a2244454c495645524544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35382e3839355a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776733566627a797a6138346b6135797262353464222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c2264656c6976657279223a7b22706172746e6572223a22426c756544617274222c22747261636b696e675f6964223a225433222c2264656c6976657265645f6174223a22323032362d31322d30335431323a30373a35382e3936345a227d7d7d', '2026-12-03 12:07:58.964245+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvse8se0287qmy5yyn3nj', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvs98g5etxwcezh4aghv3', 'stamp.failed', '\x7b226964223a226576745f30316d38787776736538736530323837716d793579796e336e6a222c2274797065223a227374616d702e6661696c6564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35392e3137365a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777673393867356574787763657a68346167687633222c22737461747573223a224641494c4544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35392e3031365a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d387877767339386735657478776366647437776a343767222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c226572726f72223a7b22636f6465223a22504f5254414c5f444f574e222c226d657373616765223a22646f776e227d7d7d', '2026-12-03 12:07:59.176481+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvshh3rms3vsahb099hcv', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvsg709pawx956x82b2ds', 'order.cancelled', '\x7b226964223a226576745f30316d3878777673686833726d73337673616862303939686376222c2274797065223a226f726465722e63616e63656c6c6564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35392e3238315a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777673673730397061777839353678383262326473222c22737461747573223a2243414e43454c4c4544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a35392e3233395a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776736737303970617778393579796534337a7766222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c2263616e63656c6c6174696f6e223a7b22726561736f6e223a22637573746f6d65722061736b6564222c22726566756e64223a7b22616d6f756e74223a313030302c22737461747573223a22494e49544941544544227d7d7d7d', '2026-12-03 12:07:59.281391+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvxdn74q27gz1aw42gcm3', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvx70aw1hnywhnb61fp55', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777678646e3734713237677a316177343267636d33222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30332e3235335a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776783730617731686e7977686e62363166703535222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30332e3034305a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776783730617731686e7977687072767378316534222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:03.253705+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvxqwzmzx8sjw69haaj0a', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvxhr3rep7jk6trgnccjs', 'stamp.uploaded', '\x7b226964223a226576745f30316d387877767871777a6d7a7838736a7736396861616a3061222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30332e3538305a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777678687233726570376a6b367472676e63636a73222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30332e3338345a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777678687233726570376a6b3678687a79797a3039222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:03.580452+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvzfqvr1tb3dsfeqf7gvt', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvz97v56bg03j3bg43drm', 'stamp.uploaded', '\x7b226964223a226576745f30316d387877767a667176723174623364736665716637677674222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30352e3336375a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d387877767a3937763536626730336a336267343364726d222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30352e3135395a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d387877767a3937763536626730336a7177796773637634222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:05.367125+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvzrmvzwf9bctw34qnwbp', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvznmveenqz0makmx7p3j', 'stamp.uploaded', '\x7b226964223a226576745f30316d387877767a726d767a776639626374773334716e776270222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30352e3635325a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d387877767a6e6d7665656e717a306d616b6d783770336a222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30352e3535365a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d387877767a6e6d7665656e717a306d62667277706d6165222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:05.652745+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xwvzyv8g0a3zmxdyrezqsp', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xwvztggrctrteb5w0mz92a', 'stamp.uploaded', '\x7b226964223a226576745f30316d387877767a797638673061337a6d78647972657a717370222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30352e3835315a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d387877767a746767726374727465623577306d7a393261222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30352e3731325a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d387877767a746767726374727465626a79336e79306635222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:05.851114+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xww0465mb8v38bnr4c3c52', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xww01nryk6j33hk1v13172', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787777303436356d6238763338626e72346333633532222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30362e3032325a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777730316e72796b366a3333686b31763133313732222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30352e3934315a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777730316e72796b366a333368716376783239636a222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:06.022745+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xww0g47k3nnfdhsxj3xy3e', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xww06h7p7t1vvvq89g8315', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787777306734376b336e6e66646873786a3378793365222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30362e3430345a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777730366837703774317676767138396738333135222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30362e3039375a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777730366837703774317676776238316e70397076222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:06.404827+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xww0nykdem8c41pzbn84bx', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xww0my0ttgb65ywd774eyy', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787777306e796b64656d38633431707a626e38346278222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30362e3539305a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787777306d7930747467623635797764373734657979222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30362e3535385a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787777306d79307474676236357a65746d7335397237222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:06.590933+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xww0v8fp43asfk583wd6zs', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xww0q71sjw0szsz6z6q3bx', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787777307638667034336173666b3538337764367a73222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30362e3736305a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777730713731736a7730737a737a367a3671336278222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30362e3633315a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777730713731736a7730737a746376633073797377222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:06.760165+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xww10fdxk9sanftfvakwqr', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xww0wedw4wp5rtsweeac5p', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777731306664786b3973616e66746676616b777172222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30362e3932375a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777730776564773477703572747377656561633570222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30362e3739385a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777730776564773477703572766666353236386b64222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:06.927987+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xww1771850nemyr8rng0eg', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xww168968sdahyjaff9f7h', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787777313737313835306e656d797238726e67306567222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30372e3134335a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777731363839363873646168796a61666639663768222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30372e3131325a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d387877773136383936387364616879797478716d34376a222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:07.143475+00', false);
INSERT INTO s_207c275.events VALUES ('evt_01m8xww1ers1nd51hcak71a4d9', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'order_01m8xww199ak19jtf5feqkhzd5', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777731657273316e6435316863616b373161346439222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30372e3338345a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787777313939616b31396a7466356665716b687a6435222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30383a30372e3230395a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787777313939616b31396a7466356761366361686664222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:08:07.384163+00', false);


--
-- Data for Name: idempotency_keys; Type: TABLE DATA; Schema: s_207c275; Owner: -
--



--
-- Data for Name: listen_sessions; Type: TABLE DATA; Schema: s_207c275; Owner: -
--



--
-- Data for Name: orders; Type: TABLE DATA; Schema: s_207c275; Owner: -
--

INSERT INTO s_207c275.orders VALUES ('order_01m8xwvrqdydm9sbsxnjn527kc', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'DELIVERED', '2026-12-03 12:07:58.445715+00', '2026-12-03 12:07:58.616584+00', 'stamp_01m8xwvrqdydm9sbsxvd81cenm', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', 'BlueDart', 'T1', '2026-12-03 12:07:58.616584+00', '', NULL, 0, '', 3);
INSERT INTO s_207c275.orders VALUES ('order_01m8xwvryw2k4d990vpmgbymn4', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'DELIVERED', '2026-12-03 12:07:58.684934+00', '2026-12-03 12:07:58.83544+00', 'stamp_01m8xwvryw2k4d990vwbdh8h08', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', 'BlueDart', 'T2', '2026-12-03 12:07:58.83544+00', '', NULL, 0, '', 3);
INSERT INTO s_207c275.orders VALUES ('order_01m8xwvs5fbzyza84jpnhkat75', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'DELIVERED', '2026-12-03 12:07:58.895356+00', '2026-12-03 12:07:58.964245+00', 'stamp_01m8xwvs5fbzyza84ka5yrb54d', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', 'BlueDart', 'T3', '2026-12-03 12:07:58.964245+00', '', NULL, 0, '', 3);
INSERT INTO s_207c275.orders VALUES ('order_01m8xwvs98g5etxwcezh4aghv3', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'FAILED', '2026-12-03 12:07:59.016737+00', '2026-12-03 12:07:59.176481+00', 'stamp_01m8xwvs98g5etxwcfdt7wj47g', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, 'PORTAL_DOWN', 'down', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xwvsg709pawx956x82b2ds', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'CANCELLED', '2026-12-03 12:07:59.239411+00', '2026-12-03 12:07:59.281391+00', 'stamp_01m8xwvsg709pawx95yye43zwf', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, 'customer asked', '2026-12-03 12:07:59.281391+00', 1000, 'INITIATED', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xwvx70aw1hnywhnb61fp55', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:03.040247+00', '2026-12-03 12:08:03.253705+00', 'stamp_01m8xwvx70aw1hnywhprvsx1e4', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xwvxhr3rep7jk6trgnccjs', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:03.384771+00', '2026-12-03 12:08:03.580452+00', 'stamp_01m8xwvxhr3rep7jk6xhzyyz09', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xwvz97v56bg03j3bg43drm', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:05.159896+00', '2026-12-03 12:08:05.367125+00', 'stamp_01m8xwvz97v56bg03jqwygscv4', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xwvznmveenqz0makmx7p3j', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:05.556699+00', '2026-12-03 12:08:05.652745+00', 'stamp_01m8xwvznmveenqz0mbfrwpmae', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xwvztggrctrteb5w0mz92a', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:05.712668+00', '2026-12-03 12:08:05.851114+00', 'stamp_01m8xwvztggrctrtebjy3ny0f5', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xww01nryk6j33hk1v13172', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:05.941737+00', '2026-12-03 12:08:06.022745+00', 'stamp_01m8xww01nryk6j33hqcvx29cj', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xww06h7p7t1vvvq89g8315', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:06.097759+00', '2026-12-03 12:08:06.404827+00', 'stamp_01m8xww06h7p7t1vvwb81np9pv', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xww0my0ttgb65ywd774eyy', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:06.558584+00', '2026-12-03 12:08:06.590933+00', 'stamp_01m8xww0my0ttgb65zetms59r7', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xww0q71sjw0szsz6z6q3bx', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:06.631183+00', '2026-12-03 12:08:06.760165+00', 'stamp_01m8xww0q71sjw0sztcvc0sysw', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xww0wedw4wp5rtsweeac5p', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:06.798372+00', '2026-12-03 12:08:06.927987+00', 'stamp_01m8xww0wedw4wp5rvff5268kd', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xww168968sdahyjaff9f7h', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:07.112419+00', '2026-12-03 12:08:07.143475+00', 'stamp_01m8xww168968sdahyytxqm47j', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_207c275.orders VALUES ('order_01m8xww199ak19jtf5feqkhzd5', 'acct_01m8xwvpqt4rae3np5h4kkvs0h', 'COMPLETED', '2026-12-03 12:08:07.209087+00', '2026-12-03 12:08:07.384163+00', 'stamp_01m8xww199ak19jtf5ga6cahfd', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: s_207c275; Owner: -
--

INSERT INTO s_207c275.schema_migrations VALUES (1, '2026-12-03 12:07:56.247907+00');
INSERT INTO s_207c275.schema_migrations VALUES (2, '2026-12-03 12:07:56.247907+00');
INSERT INTO s_207c275.schema_migrations VALUES (3, '2026-12-03 12:07:56.247907+00');
INSERT INTO s_207c275.schema_migrations VALUES (4, '2026-12-03 12:07:56.247907+00');
INSERT INTO s_207c275.schema_migrations VALUES (5, '2026-12-03 12:07:56.247907+00');


--
-- Data for Name: users; Type: TABLE DATA; Schema: s_207c275; Owner: -
--



--
-- Name: accounts accounts_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);


--
-- Name: api_keys api_keys_hash_key; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.api_keys
    ADD CONSTRAINT api_keys_hash_key UNIQUE (hash);


--
-- Name: api_keys api_keys_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);


--
-- Name: attempts attempts_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.attempts
    ADD CONSTRAINT attempts_pkey PRIMARY KEY (id);


--
-- Name: dashboard_sessions dashboard_sessions_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.dashboard_sessions
    ADD CONSTRAINT dashboard_sessions_pkey PRIMARY KEY (token_hash);


--
-- Name: deliveries deliveries_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (id);


--
-- Name: endpoints endpoints_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.endpoints
    ADD CONSTRAINT endpoints_pkey PRIMARY KEY (id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (account_id, key);


--
-- Name: listen_sessions listen_sessions_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.listen_sessions
    ADD CONSTRAINT listen_sessions_pkey PRIMARY KEY (id);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: s_207c275; Owner: -
--

ALTER TABLE ONLY s_207c275.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: api_keys_account; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX api_keys_account ON s_207c275.api_keys USING btree (account_id, id);


--
-- Name: attempts_delivery; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX attempts_delivery ON s_207c275.attempts USING btree (delivery_id, number);


--
-- Name: attempts_endpoint; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX attempts_endpoint ON s_207c275.attempts USING btree (endpoint_id, started_at);


--
-- Name: dashboard_sessions_expires; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX dashboard_sessions_expires ON s_207c275.dashboard_sessions USING btree (expires_at);


--
-- Name: dashboard_sessions_user; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX dashboard_sessions_user ON s_207c275.dashboard_sessions USING btree (user_id);


--
-- Name: deliveries_account; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX deliveries_account ON s_207c275.deliveries USING btree (account_id, id);


--
-- Name: deliveries_endpoint; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX deliveries_endpoint ON s_207c275.deliveries USING btree (endpoint_id, id);


--
-- Name: deliveries_endpoint_due; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX deliveries_endpoint_due ON s_207c275.deliveries USING btree (endpoint_id, due_at) WHERE (due_at IS NOT NULL);


--
-- Name: deliveries_event; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX deliveries_event ON s_207c275.deliveries USING btree (event_id);


--
-- Name: endpoints_account; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX endpoints_account ON s_207c275.endpoints USING btree (account_id, id);


--
-- Name: events_account; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX events_account ON s_207c275.events USING btree (account_id, id);


--
-- Name: events_order; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX events_order ON s_207c275.events USING btree (order_id, id);


--
-- Name: idempotency_keys_created; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX idempotency_keys_created ON s_207c275.idempotency_keys USING btree (created_at);


--
-- Name: listen_sessions_account; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX listen_sessions_account ON s_207c275.listen_sessions USING btree (account_id, id);


--
-- Name: orders_account; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX orders_account ON s_207c275.orders USING btree (account_id, id);


--
-- Name: orders_account_status; Type: INDEX; Schema: s_207c275; Owner: -
--

CREATE INDEX orders_account_status ON s_207c275.orders USING btree (account_id, status, id);


--
-- PostgreSQL database dump complete
--

\unrestrict KZYbeM7UBh5aoXYGbYIYldEgJF1iIvJL3OZeABMs3KafAKKdPQQWwKNfyzYyVa4

