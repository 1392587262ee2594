--
-- PostgreSQL database dump
--

\restrict 3o0r9bHIwAraBwcc3f2rwXkFEEbSWbpXShTgmiFM0VKnzObEiiew0lAVqDEYPWI

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
-- Name: s_0a11861; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA s_0a11861;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: accounts; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.accounts (
    id text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: api_keys; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.api_keys (
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
-- Name: attempts; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.attempts (
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
-- Name: dashboard_sessions; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.dashboard_sessions (
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
-- Name: deliveries; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.deliveries (
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
-- Name: endpoints; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.endpoints (
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
    CONSTRAINT endpoints_status_check CHECK ((status = ANY (ARRAY['enabled'::text, 'disabled'::text])))
);


--
-- Name: events; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.events (
    id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    order_id text COLLATE pg_catalog."C",
    type text NOT NULL,
    payload bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    test boolean DEFAULT false NOT NULL
);


--
-- Name: idempotency_keys; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.idempotency_keys (
    account_id text NOT NULL COLLATE pg_catalog."C",
    key text NOT NULL COLLATE pg_catalog."C",
    request_hash bytea NOT NULL,
    order_id text NOT NULL COLLATE pg_catalog."C",
    response bytea NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: listen_sessions; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.listen_sessions (
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
-- Name: orders; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.orders (
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
-- Name: schema_migrations; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.schema_migrations (
    version integer NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: users; Type: TABLE; Schema: s_0a11861; Owner: -
--

CREATE TABLE s_0a11861.users (
    id text NOT NULL COLLATE pg_catalog."C",
    account_id text NOT NULL COLLATE pg_catalog."C",
    email text NOT NULL,
    password_hash text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Data for Name: accounts; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--

INSERT INTO s_0a11861.accounts VALUES ('acct_01m8xwv22byb6rxrx9evneyaw1', 'upgrade-test', '2026-12-03 12:07:35.243898+00');


--
-- Data for Name: api_keys; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--

INSERT INTO s_0a11861.api_keys VALUES ('key_01m8xwv22byb6rxrx9zwzgh7sh', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'default', 'esk_2jij5-rF', '\x8f16a47f20d22c60aefd640f166cecb6007f434ab8e9e91adddd24aad9c45358', '2026-12-03 12:07:35.243898+00', '2026-12-03 12:07:41.988797+00', NULL);


--
-- Data for Name: attempts; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--

INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4b4vd03z35gwdg9ene3', 'dlv_01m8xwv4akn6pjyys3jdhtwv57', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4akn6pjyys198d68bq2', 1, '2026-12-03 12:07:37.572689+00', 335, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4akn6pjyys198d68bq2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4akn6pjyys198d68bq2","webhook-signature":"v1,5OnVDjgEWwxnSVM8EuVHr7z/Bqlclq1WX6EcGkAI4Qg=","webhook-timestamp":"1796299657"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4b4vd03z35gxxzm9y0w', 'dlv_01m8xwv4akn6pjyys2e2ywvq9m', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv4akn6pjyys198d68bq2', 1, '2026-12-03 12:07:37.568144+00', 12463, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4akn6pjyys198d68bq2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4akn6pjyys198d68bq2","webhook-signature":"v1,WLgwb7h5C2/AukfN/NGEMDQca/kFxdVcJx7g5RkI3zs=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4b4vd03z35j5xbxqzfm', 'dlv_01m8xwv4akn6pjyys2mg0zmttx', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4akn6pjyys198d68bq2', 1, '2026-12-03 12:07:37.572355+00', 8543, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4akn6pjyys198d68bq2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4akn6pjyys198d68bq2","webhook-signature":"v1,BuOBkiunnKAH26mDqFjiYjTC61TeaA+T9D4Gy7N7t9c=","webhook-timestamp":"1796299657"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4b4vd03z35hftbvk6k1', 'dlv_01m8xwv4akn6pjyys41v22g2v5', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'evt_01m8xwv4akn6pjyys198d68bq2', 1, '2026-12-03 12:07:37.572815+00', 7922, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4akn6pjyys198d68bq2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4akn6pjyys198d68bq2","webhook-signature":"v1,kWdHsSRh74zvjvmREhSir5vUW4FgPCpp8XCiCDElqd0=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4ck86m7yt61yjvw1eq0', 'dlv_01m8xwv4c56c2s1p0h9505ep3m', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 1, '2026-12-03 12:07:37.619038+00', 275, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4c56c2s1p0f0fdmtax9","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4c56c2s1p0f0fdmtax9","webhook-signature":"v1,p/hMhX1jmNU9YSe4sLfRoxE6dAsuRjZoj3pScbRbBqg=","webhook-timestamp":"1796299657"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4ck86m7yt62aqwbz8gh', 'dlv_01m8xwv4c56c2s1p0gwpak910s', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 1, '2026-12-03 12:07:37.618953+00', 2859, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4c56c2s1p0f0fdmtax9","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4c56c2s1p0f0fdmtax9","webhook-signature":"v1,FTDes8+5lkbx1tuoOiS07vmJh/WddZOvtsrC6UrqfeM=","webhook-timestamp":"1796299657"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4ck86m7yt638ywdrdcn', 'dlv_01m8xwv4c56c2s1p0g4pfxscdp', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 1, '2026-12-03 12:07:37.618792+00', 3205, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4c56c2s1p0f0fdmtax9","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4c56c2s1p0f0fdmtax9","webhook-signature":"v1,7cvxSzN87gqT+uD3ahczXXF5xfr64qJwa+LnGU+0sYc=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4ck86m7yt63x49kc3zv', 'dlv_01m8xwv4c56c2s1p0hyk0smqbg', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 1, '2026-12-03 12:07:37.619198+00', 2821, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4c56c2s1p0f0fdmtax9","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4c56c2s1p0f0fdmtax9","webhook-signature":"v1,0a3C3dj+mzJXT+V0n+VsLgAw+KaX352Va5sh9GavP40=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4hh2382wxykqpc4q83f', 'dlv_01m8xwv4akn6pjyys1xndt5034', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv4akn6pjyys198d68bq2', 1, '2026-12-03 12:07:37.574729+00', 306726, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4akn6pjyys198d68bq2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4akn6pjyys198d68bq2","webhook-signature":"v1,ZFw0sBGTNfjH3oHEFPl7LxOI+6WS9+r6X2h7TdMnHKQ=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4n6fs0wgt674532heb1', 'dlv_01m8xwv4n2qhccdag1hc3f4sc6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 1, '2026-12-03 12:07:37.894575+00', 185, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4n2qhccdag04ezwm3jx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4n2qhccdag04ezwm3jx","webhook-signature":"v1,61zDJUyd4yYFTCEiwXUnzOfCps5+1uwCWrmlpTdIuv8=","webhook-timestamp":"1796299657"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4n6fs0wgt67fb6hpf5r', 'dlv_01m8xwv4n2qhccdag1ga7zsyqq', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 1, '2026-12-03 12:07:37.893727+00', 1807, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4n2qhccdag04ezwm3jx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4n2qhccdag04ezwm3jx","webhook-signature":"v1,OLWsG6sS0inkkwUCzaUj6kReJDWWo/Mb0gDMtVq/BcI=","webhook-timestamp":"1796299657"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4n6fs0wgt69a747q750', 'dlv_01m8xwv4n2qhccdag1hf37acym', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 1, '2026-12-03 12:07:37.894448+00', 1600, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4n2qhccdag04ezwm3jx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4n2qhccdag04ezwm3jx","webhook-signature":"v1,loGlSvKJn0MIV4rFp8YS8NBRukAGa5UFXd0FSkhOzTE=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4n6fs0wgt68eg1678gf', 'dlv_01m8xwv4n2qhccdag14c56bb80', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 1, '2026-12-03 12:07:37.894125+00', 1835, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4n2qhccdag04ezwm3jx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4n2qhccdag04ezwm3jx","webhook-signature":"v1,/uaKwSqaK3U86dsvR4Jpu0Q/8KfQ4fiNnaFc+pVUE3s=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4qg05wnkw64zvaqkc61', 'dlv_01m8xwv4qc2jcgra8t94qrbjmz', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 1, '2026-12-03 12:07:37.968831+00', 189, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4qc2jcgra8qtzgcr86j","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4qc2jcgra8qtzgcr86j","webhook-signature":"v1,oZv8JnLMtQ9PDAnxn1U9PsCNu4pAPw/pqwZ8kEkj1u0=","webhook-timestamp":"1796299657"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4qg05wnkw65fcj419qh', 'dlv_01m8xwv4qc2jcgra8sq7zmwmds', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 1, '2026-12-03 12:07:37.968774+00', 15039, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4qc2jcgra8qtzgcr86j","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4qc2jcgra8qtzgcr86j","webhook-signature":"v1,0SMLX+wMs8D30eDAd6+WZPdRQbTvS8scjGorb9wHYi0=","webhook-timestamp":"1796299657"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4qg05wnkw65zpx34pva', 'dlv_01m8xwv4qc2jcgra8tv1jjkpmh', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 1, '2026-12-03 12:07:37.968325+00', 15833, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4qc2jcgra8qtzgcr86j","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4qc2jcgra8qtzgcr86j","webhook-signature":"v1,rrAuzA53MS0WNIqQqLnymBvC/md3cbypmRPGZPHkB5o=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4qg05wnkw66aqtxa2wj', 'dlv_01m8xwv4qc2jcgra8s4f1m5gvh', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 1, '2026-12-03 12:07:37.968678+00', 15514, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4qc2jcgra8qtzgcr86j","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4qc2jcgra8qtzgcr86j","webhook-signature":"v1,9szcjDQ7Oi+ElXbDKnTiinkOOVd2mmihkdmvgn2qiYQ=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:37 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4wdjyx6nz7s5tspv2d1', 'dlv_01m8xwv4w80fbv4j6df45ve20e', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 1, '2026-12-03 12:07:38.125032+00', 322, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4w80fbv4j6b3pn78m12","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4w80fbv4j6b3pn78m12","webhook-signature":"v1,MWvP/ZowZ1hyJwuIx/C4MnRAi9z346dmXy3R4rt/YxE=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4wdjyx6nz7searpn8wh', 'dlv_01m8xwv4w80fbv4j6ck71vr0vc', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 1, '2026-12-03 12:07:38.124288+00', 5613, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4w80fbv4j6b3pn78m12","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4w80fbv4j6b3pn78m12","webhook-signature":"v1,lY1kj42JCSSynyIH4MvCuOyhIEZcvRy1n7BXac+38R4=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4wdjyx6nz7t2t1sbefb', 'dlv_01m8xwv4w80fbv4j6ds3wv2w7f', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 1, '2026-12-03 12:07:38.125206+00', 4792, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4w80fbv4j6b3pn78m12","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4w80fbv4j6b3pn78m12","webhook-signature":"v1,c9pILjZYaeNqFg5h0gZeGJ3EkQKImKOm3Qu4xw71OR8=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4wdjyx6nz7tfnpb3q8a', 'dlv_01m8xwv4w80fbv4j6c3vrpqfny', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 1, '2026-12-03 12:07:38.125604+00', 4415, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4w80fbv4j6b3pn78m12","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4w80fbv4j6b3pn78m12","webhook-signature":"v1,BiO0ZDZMIBf7IbthBmod2hfhxIJw/RLi26tLAkgIFaM=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv51wa7pgxrjqxmdnakj5', 'dlv_01m8xwv51mraa39bhcszn7mdtt', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 1, '2026-12-03 12:07:38.300159+00', 262, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv51mraa39bhbc3wj4qa5","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwv51mraa39bhbc3wj4qa5","webhook-signature":"v1,bCtGxmRZ2H9oIvAMS7tdFRQMNF8PbVot1PsMJ37m+PY=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv51wa7pgxrjr4c0sadfx', 'dlv_01m8xwv51mraa39bhc5g1znzv8', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 1, '2026-12-03 12:07:38.300081+00', 1561, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv51mraa39bhbc3wj4qa5","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwv51mraa39bhbc3wj4qa5","webhook-signature":"v1,yHVaMr0oosNojG4l0Csn8qtIbTS+kg720vN/tj4MDTA=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv51wa7pgxrjrdwj5dj10', 'dlv_01m8xwv51mraa39bhdf3dkmmpx', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 1, '2026-12-03 12:07:38.300786+00', 1069, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv51mraa39bhbc3wj4qa5","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwv51mraa39bhbc3wj4qa5","webhook-signature":"v1,0+B3c+p6XzIpsUWOu8qmfAvDXqn86aLoIIwEmBgSTQI=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4xcznpv42v800x47nj9', 'dlv_01m8xwv4wxrv4mnm5e215qfv3t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 1, '2026-12-03 12:07:38.156796+00', 172, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4wxrv4mnm5c3jjw060b","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4wxrv4mnm5c3jjw060b","webhook-signature":"v1,G63Npozw9RQLEizQOvFlZvPqcWnv/AKGYQQkZrSGR1I=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4xcznpv42v886x3zre9', 'dlv_01m8xwv4wxrv4mnm5d8c2e8fry', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 1, '2026-12-03 12:07:38.156193+00', 4035, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4wxrv4mnm5c3jjw060b","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4wxrv4mnm5c3jjw060b","webhook-signature":"v1,rM9ospBuj8fqnVgqqtat62YJ6ksvRUv6Hf3qOVAa6SI=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4xd2p1z34pr133mbet7', 'dlv_01m8xwv4wxrv4mnm5egsdkjqpf', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 1, '2026-12-03 12:07:38.157449+00', 2833, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4wxrv4mnm5c3jjw060b","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4wxrv4mnm5c3jjw060b","webhook-signature":"v1,Hs/OyTClGEqcitP/octv7MQZFfebDfdqZ4wWnP7JIuU=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4xd2p1z34pr65v3144b', 'dlv_01m8xwv4wxrv4mnm5dcv0agm7z', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 1, '2026-12-03 12:07:38.156736+00', 3567, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4wxrv4mnm5c3jjw060b","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4wxrv4mnm5c3jjw060b","webhook-signature":"v1,8z+JBWK6yuaWvCPevZySzPtutjitRIBnS6oSsrv3zHc=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4xd2p1z34ps0cnr6470', 'dlv_01m8xwv4c56c2s1p0fcs0dhnzf', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 1, '2026-12-03 12:07:37.88148+00', 304062, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4c56c2s1p0f0fdmtax9","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4c56c2s1p0f0fdmtax9","webhook-signature":"v1,2AJvoBBjh575WsePv8r9hwhA0GmzYKiAGHzjE+aJ9pk=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv4ykj3hzrv26ga3kc384', 'dlv_01m8xwv4n2qhccdag0a4kq2677', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 1, '2026-12-03 12:07:37.968495+00', 321317, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4n2qhccdag04ezwm3jx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4n2qhccdag04ezwm3jx","webhook-signature":"v1,7x/HHJCQ3YhrXyiJWpKtTQCNmynLr9NFBvHA6R/GRyE=","webhook-timestamp":"1796299657"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv51wa7pgxrjrf2xdzvpf', 'dlv_01m8xwv51mraa39bhcpv8nm4q1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 1, '2026-12-03 12:07:38.299863+00', 2031, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv51mraa39bhbc3wj4qa5","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwv51mraa39bhbc3wj4qa5","webhook-signature":"v1,qFPba4AJobJPTk/dpJffI1q8qBE0VuQSrfRVvXU2Juw=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv56srr1gd80djhbdz3da', 'dlv_01m8xwv56gt14p0kbrz302rkdj', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv56gt14p0kbqefh596x4', 1, '2026-12-03 12:07:38.457286+00', 624, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv56gt14p0kbqefh596x4","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwv56gt14p0kbqefh596x4","webhook-signature":"v1,HMiVkFWiQVMmnm1SPNnd0y4DP1Za/AgF5aHjFxSIlkg=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv56srr1gd80e9wt6fyac', 'dlv_01m8xwv56gt14p0kbtjy91k7rg', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'evt_01m8xwv56gt14p0kbqefh596x4', 1, '2026-12-03 12:07:38.457741+00', 452, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv56gt14p0kbqefh596x4","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwv56gt14p0kbqefh596x4","webhook-signature":"v1,6YZCvOpQQtpK3+iemiLAn7O8sVWQQhHU/ASC4OhP8MU=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv56srr1gd80ev0pvyyjb', 'dlv_01m8xwv56gt14p0kbscnfses5t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv56gt14p0kbqefh596x4', 1, '2026-12-03 12:07:38.456312+00', 1959, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv56gt14p0kbqefh596x4","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwv56gt14p0kbqefh596x4","webhook-signature":"v1,MVk/r3MCtyuiBepC5N9/XdQV0U+//eUXFOmaRDlECJU=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv56srr1gd80fm1j03tgr', 'dlv_01m8xwv56gt14p0kbstpngka8g', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv56gt14p0kbqefh596x4', 1, '2026-12-03 12:07:38.456999+00', 2860, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv56gt14p0kbqefh596x4","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwv56gt14p0kbqefh596x4","webhook-signature":"v1,v3j0w9oI32MTqNwc6y+WFtxidw1HycRCP2B9M8RfFD8=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv56srr1gd80g848t2bxg', 'dlv_01m8xwv4qc2jcgra8rkfvbzn5a', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 1, '2026-12-03 12:07:38.15639+00', 304126, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4qc2jcgra8qtzgcr86j","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4qc2jcgra8qtzgcr86j","webhook-signature":"v1,9/F5/34mc8HN4MeX6Cy8XFfn4QwcqobFDyS1epaZlLA=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv56srr1gd80h4dh18tbx', 'dlv_01m8xwv4w80fbv4j6bwqr2e30q', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 1, '2026-12-03 12:07:38.185622+00', 301700, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4w80fbv4j6b3pn78m12","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4w80fbv4j6b3pn78m12","webhook-signature":"v1,giLizdYZBUlaLm6ITSiDykQBQtMjI6O+KLeZrCnsvmc=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5ad976vy613y9mjk265', 'dlv_01m8xwv4w80fbv4j6df45ve20e', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 2, '2026-12-03 12:07:38.573955+00', 206, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4w80fbv4j6b3pn78m12","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4w80fbv4j6b3pn78m12","webhook-signature":"v1,MWvP/ZowZ1hyJwuIx/C4MnRAi9z346dmXy3R4rt/YxE=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5ad976vy614jgwyr59h', 'dlv_01m8xwv4qc2jcgra8t94qrbjmz', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 2, '2026-12-03 12:07:38.573866+00', 576, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4qc2jcgra8qtzgcr86j","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4qc2jcgra8qtzgcr86j","webhook-signature":"v1,QX2WBKsW2Quv450UJpJJu31k3vEQQPJMzrQPPophsLE=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qw9wxrjv2kn', 'dlv_01m8xwv4wxrv4mnm5e215qfv3t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 2, '2026-12-03 12:07:38.574266+00', 284, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4wxrv4mnm5c3jjw060b","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4wxrv4mnm5c3jjw060b","webhook-signature":"v1,G63Npozw9RQLEizQOvFlZvPqcWnv/AKGYQQkZrSGR1I=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwa3hnggx0a', 'dlv_01m8xwv4n2qhccdag1hc3f4sc6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 2, '2026-12-03 12:07:38.573656+00', 903, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4n2qhccdag04ezwm3jx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4n2qhccdag04ezwm3jx","webhook-signature":"v1,rWPoUO9pgJi47T1S7qg8Gh12mssmalQ6j+Y99/Gmmyw=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwaw0s9cxzy', 'dlv_01m8xwv4c56c2s1p0h9505ep3m', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 2, '2026-12-03 12:07:38.573443+00', 1325, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4c56c2s1p0f0fdmtax9","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4c56c2s1p0f0fdmtax9","webhook-signature":"v1,u4b1cHbOsJ5l0YgyaDXFxKmf9kBilD3hguyTHmm1xeM=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwawbt6zjdx', 'dlv_01m8xwv4akn6pjyys3jdhtwv57', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4akn6pjyys198d68bq2', 2, '2026-12-03 12:07:38.573051+00', 1832, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4akn6pjyys198d68bq2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4akn6pjyys198d68bq2","webhook-signature":"v1,mVHXZcyQvmpukQECvk0godWg0Evfu74K9khtCbfimAY=","webhook-timestamp":"1796299658"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwbndttnzjy', 'dlv_01m8xwv4akn6pjyys2mg0zmttx', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4akn6pjyys198d68bq2', 2, '2026-12-03 12:07:38.572149+00', 7689, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4akn6pjyys198d68bq2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4akn6pjyys198d68bq2","webhook-signature":"v1,SBzrcDJoxKvT/X+P2Xyi1zhuj2su2SEKQlSvYO5h+Vg=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwbqqdac7b6', 'dlv_01m8xwv4c56c2s1p0gwpak910s', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 2, '2026-12-03 12:07:38.572551+00', 7916, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4c56c2s1p0f0fdmtax9","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4c56c2s1p0f0fdmtax9","webhook-signature":"v1,dXYeuJaYyNgPsNMWXL0d3p8krxpOepNb5kbyXr5lP3E=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwbzrbrf8xv', 'dlv_01m8xwv4qc2jcgra8sq7zmwmds', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 2, '2026-12-03 12:07:38.573538+00', 7021, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4qc2jcgra8qtzgcr86j","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4qc2jcgra8qtzgcr86j","webhook-signature":"v1,cvFYkA9T92KceAHyeQ4NKHNt+2T11WK2rYeet5bjy6k=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwc3r4zyzxj', 'dlv_01m8xwv4n2qhccdag1ga7zsyqq', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 2, '2026-12-03 12:07:38.573297+00', 7305, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4n2qhccdag04ezwm3jx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4n2qhccdag04ezwm3jx","webhook-signature":"v1,NAhmQCJkCqKUOFIEr5t0ID/huv0CRV8dCJsS8Rd3BjI=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwcw638pgc1', 'dlv_01m8xwv4wxrv4mnm5dcv0agm7z', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 2, '2026-12-03 12:07:38.573851+00', 6782, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4wxrv4mnm5c3jjw060b","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4wxrv4mnm5c3jjw060b","webhook-signature":"v1,8z+JBWK6yuaWvCPevZySzPtutjitRIBnS6oSsrv3zHc=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwd8esem2q1', 'dlv_01m8xwv4w80fbv4j6ck71vr0vc', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 2, '2026-12-03 12:07:38.573749+00', 6999, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv4w80fbv4j6b3pn78m12","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4w80fbv4j6b3pn78m12","webhook-signature":"v1,lY1kj42JCSSynyIH4MvCuOyhIEZcvRy1n7BXac+38R4=","webhook-timestamp":"1796299658"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwdx50vyygb', 'dlv_01m8xwv4wxrv4mnm5d0z7q9e9n', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 1, '2026-12-03 12:07:38.289852+00', 303317, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv4wxrv4mnm5c3jjw060b","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4wxrv4mnm5c3jjw060b","webhook-signature":"v1,hfpvfC5aNMTHs0aVkOKu8LWU61DHYkfxu4k+ZokNQ9Y=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwem681r044', 'dlv_01m8xwv51mraa39bhbdgy3vztz', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 1, '2026-12-03 12:07:38.460529+00', 302619, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv51mraa39bhbc3wj4qa5","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwv51mraa39bhbc3wj4qa5","webhook-signature":"v1,kSlmPbMMzY5SWJF9/OpCWLztVqV1OPS06jr4aPLBN/E=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv5aea9ed0qwenm36jg31', 'dlv_01m8xwv56gt14p0kbr3mkwnx0q', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv56gt14p0kbqefh596x4', 1, '2026-12-03 12:07:38.487347+00', 308706, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv56gt14p0kbqefh596x4","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwv56gt14p0kbqefh596x4","webhook-signature":"v1,2CZ7SfeZIHjRk1YctEzLQKYzNK2uK0m+6E8cS2UuQrw=","webhook-timestamp":"1796299658"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:38 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69r38kzzrfnqhf423wz', 'dlv_01m8xwv4n2qhccdag1ga7zsyqq', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 3, '2026-12-03 12:07:39.57667+00', 237, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4n2qhccdag04ezwm3jx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4n2qhccdag04ezwm3jx","webhook-signature":"v1,yB1GiaXOZ+xRRMKS49CK04Q7rSCkYfnZa6laUq9biC8=","webhook-timestamp":"1796299659"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:39 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69r38kzzrfp7npkgt6x', 'dlv_01m8xwv4qc2jcgra8t94qrbjmz', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 3, '2026-12-03 12:07:39.576738+00', 317, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4qc2jcgra8qtzgcr86j","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4qc2jcgra8qtzgcr86j","webhook-signature":"v1,gXd6GJ+fJl63L6uGcDlHguBSQurWdkbhFgiNybXZP8Q=","webhook-timestamp":"1796299659"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69r38kzzrfpsefzdncp', 'dlv_01m8xwv4akn6pjyys2mg0zmttx', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4akn6pjyys198d68bq2', 3, '2026-12-03 12:07:39.576313+00', 882, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4akn6pjyys198d68bq2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4akn6pjyys198d68bq2","webhook-signature":"v1,V53tXKjbPdD5Oa/gJ2Wt3iGkoQjQifZRMkxhfzQtj7g=","webhook-timestamp":"1796299659"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:39 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69r38kzzrfpxvrsg9ee', 'dlv_01m8xwv4n2qhccdag1hc3f4sc6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 3, '2026-12-03 12:07:39.576606+00', 690, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4n2qhccdag04ezwm3jx","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4n2qhccdag04ezwm3jx","webhook-signature":"v1,Dpt/hDIcQpKkLxX0fk6zZVttcZhVlqs8XflZAT5gLCA=","webhook-timestamp":"1796299659"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69r38kzzrfq4kkqfggd', 'dlv_01m8xwv4c56c2s1p0h9505ep3m', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 3, '2026-12-03 12:07:39.576426+00', 1002, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4c56c2s1p0f0fdmtax9","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4c56c2s1p0f0fdmtax9","webhook-signature":"v1,zhFygc8tjRJI3QiwlulUhf+JLKPW5zPAVEW8ylPbVhM=","webhook-timestamp":"1796299659"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69r38kzzrfqd3dmh381', 'dlv_01m8xwv4akn6pjyys3jdhtwv57', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4akn6pjyys198d68bq2', 3, '2026-12-03 12:07:39.576073+00', 1462, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4akn6pjyys198d68bq2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4akn6pjyys198d68bq2","webhook-signature":"v1,2SoECQig/C/eRZCj9mGzPlIiOEnIHR1wMJ4Khfx6EMg=","webhook-timestamp":"1796299659"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69s35hsyezg59rykbjb', 'dlv_01m8xwv56gt14p0kbstpngka8g', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv56gt14p0kbqefh596x4', 2, '2026-12-03 12:07:39.577558+00', 1715, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv56gt14p0kbqefh596x4","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwv56gt14p0kbqefh596x4","webhook-signature":"v1,jDyhYp7cmX1bpqroco+objRdJ7b8PUWUe513WsYJdus=","webhook-timestamp":"1796299659"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69s35hsyezgsev6t3gj', 'dlv_01m8xwv51mraa39bhcszn7mdtt', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 2, '2026-12-03 12:07:39.577457+00', 1883, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv51mraa39bhbc3wj4qa5","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwv51mraa39bhbc3wj4qa5","webhook-signature":"v1,d2fws3IvJMxMrM8ky37hVlpKcl0BRLks1qfIb8BOHMk=","webhook-timestamp":"1796299659"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69s35hsyezh1a1yw92x', 'dlv_01m8xwv4wxrv4mnm5e215qfv3t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 3, '2026-12-03 12:07:39.577335+00', 2041, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4wxrv4mnm5c3jjw060b","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4wxrv4mnm5c3jjw060b","webhook-signature":"v1,abCv3SMPFbFj0ym68ws5HMDhD4o+vmiCG+wVfDWBX20=","webhook-timestamp":"1796299659"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69s35hsyezhqfg3rjh8', 'dlv_01m8xwv4wxrv4mnm5dcv0agm7z', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 3, '2026-12-03 12:07:39.577212+00', 2223, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4wxrv4mnm5c3jjw060b","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4wxrv4mnm5c3jjw060b","webhook-signature":"v1,AoqJDkawwwyTT2oA1T0t0Mgbw2qHTlzY0RSL4GcVGI8=","webhook-timestamp":"1796299659"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:39 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69s35hsyezhsfqn8ka7', 'dlv_01m8xwv4w80fbv4j6df45ve20e', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 3, '2026-12-03 12:07:39.577107+00', 2355, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4w80fbv4j6b3pn78m12","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4w80fbv4j6b3pn78m12","webhook-signature":"v1,SZtj0mdYKPgBFD/Butz1QUg5MJaTZ4g7r9WwHdPnc0o=","webhook-timestamp":"1796299659"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69s35hsyezjmts9d08t', 'dlv_01m8xwv4w80fbv4j6ck71vr0vc', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 3, '2026-12-03 12:07:39.576968+00', 2534, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4w80fbv4j6b3pn78m12","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv4w80fbv4j6b3pn78m12","webhook-signature":"v1,sy2Mz0jtUpdrgE2fTzk047pSFKxP8H4btDd4FOqYKBA=","webhook-timestamp":"1796299659"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:39 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69s35hsyezk99hvbmvm', 'dlv_01m8xwv4qc2jcgra8sq7zmwmds', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 3, '2026-12-03 12:07:39.576819+00', 2705, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4qc2jcgra8qtzgcr86j","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4qc2jcgra8qtzgcr86j","webhook-signature":"v1,uiLRBp6DGcjKRrDYI3rX/znndyIMVRpA7aKimyfwxTA=","webhook-timestamp":"1796299659"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:39 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69s35hsyezkp9q1ndfe', 'dlv_01m8xwv4c56c2s1p0gwpak910s', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 3, '2026-12-03 12:07:39.576536+00', 3012, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv4c56c2s1p0f0fdmtax9","X-eSahayak-Event":"order.delivered","webhook-id":"evt_01m8xwv4c56c2s1p0f0fdmtax9","webhook-signature":"v1,sH9QIst5BfJ7WVIMBYXMA1mK/fRUyq4UG9AhdoRnECY=","webhook-timestamp":"1796299659"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:39 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69va7fvya1gpsgva81p', 'dlv_01m8xwv51mraa39bhcpv8nm4q1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 2, '2026-12-03 12:07:39.579036+00', 545, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv51mraa39bhbc3wj4qa5","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwv51mraa39bhbc3wj4qa5","webhook-signature":"v1,BZEARIljd/XBdVuu4WY9gPyLeoFcsyyo70UJyLhY7No=","webhook-timestamp":"1796299659"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:39 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv69va7fvya1h9pgce3mh', 'dlv_01m8xwv56gt14p0kbscnfses5t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv56gt14p0kbqefh596x4', 2, '2026-12-03 12:07:39.579172+00', 429, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"2","X-eSahayak-Delivery":"evt_01m8xwv56gt14p0kbqefh596x4","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwv56gt14p0kbqefh596x4","webhook-signature":"v1,Sc5moU2oEStKowjTkIG7JQ+VOMTfcpZUugRGX0wKkFo=","webhook-timestamp":"1796299659"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:39 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv78vpn66s2ex0d1f9y8w', 'dlv_01m8xwv56gt14p0kbstpngka8g', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv56gt14p0kbqefh596x4', 3, '2026-12-03 12:07:40.571256+00', 277, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv56gt14p0kbqefh596x4","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwv56gt14p0kbqefh596x4","webhook-signature":"v1,0R7OxQ5K6r8ldtsFJZJ/KgAMMBKr2mhKj30vxtZ6Nls=","webhook-timestamp":"1796299660"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv78vpn66s2exes8fcjnv', 'dlv_01m8xwv51mraa39bhcszn7mdtt', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 3, '2026-12-03 12:07:40.57084+00', 1092, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv51mraa39bhbc3wj4qa5","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwv51mraa39bhbc3wj4qa5","webhook-signature":"v1,pTU5+0xeDvc0v4z6wbkl7NurnRMBBF83vBFBZyrAphI=","webhook-timestamp":"1796299660"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv78vpn66s2ey8wgfdm05', 'dlv_01m8xwv51mraa39bhcpv8nm4q1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 3, '2026-12-03 12:07:40.571096+00', 938, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv51mraa39bhbc3wj4qa5","X-eSahayak-Event":"stamp.failed","webhook-id":"evt_01m8xwv51mraa39bhbc3wj4qa5","webhook-signature":"v1,mfrPCOZAzUHNShR2XpIwoJWqSVgdsW3MUJOosmhNW6k=","webhook-timestamp":"1796299660"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:40 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv78vpn66s2eyvxypfsra', 'dlv_01m8xwv56gt14p0kbscnfses5t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv56gt14p0kbqefh596x4', 3, '2026-12-03 12:07:40.571413+00', 669, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"3","X-eSahayak-Delivery":"evt_01m8xwv56gt14p0kbqefh596x4","X-eSahayak-Event":"order.cancelled","webhook-id":"evt_01m8xwv56gt14p0kbqefh596x4","webhook-signature":"v1,MhnCow1G/ZR1UToNZGNc/4JxN4iodLIWQjo/qSJOEh4=","webhook-timestamp":"1796299660"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:40 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv8w4nbz6f58pt3dsvzhg', 'dlv_01m8xwv8vr56btyw458kwsfysr', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv8vr56btyw43egbyxb30', 1, '2026-12-03 12:07:42.21253+00', 140, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv8vr56btyw43egbyxb30","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv8vr56btyw43egbyxb30","webhook-signature":"v1,AcDCtt7d8dIEjKH3zUUBQ5NayMj5I9bfz0PL/8CRbAc=","webhook-timestamp":"1796299662"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv8w4nbz6f58qkqc928n1', 'dlv_01m8xwv8vr56btyw44c5xep4m0', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv8vr56btyw43egbyxb30', 1, '2026-12-03 12:07:42.212321+00', 17899, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv8vr56btyw43egbyxb30","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv8vr56btyw43egbyxb30","webhook-signature":"v1,yPafdWW5O8jTV+yj2HYWQQtRNkT0aNNENNhlKajCJTQ=","webhook-timestamp":"1796299662"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:42 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv8w4nbz6f58r3m8p4wsz', 'dlv_01m8xwv8vr56btyw43s9pjfd0q', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv8vr56btyw43egbyxb30', 1, '2026-12-03 12:07:42.212114+00', 18467, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv8vr56btyw43egbyxb30","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv8vr56btyw43egbyxb30","webhook-signature":"v1,R3AjAGs8fUpuMsb4RunAXLvFLR7ucR9cnKY+bU+JDss= v1,YJxoXgldTYvDkSkbQwAtUEprkjTnrq0EET5Yz1+HeQA=","webhook-timestamp":"1796299662"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:42 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv92e5sxgxvcrtp06mk48', 'dlv_01m8xwv925q6fv294zkxxk92x6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwv925q6fv294z47eg6fb0', 1, '2026-12-03 12:07:42.414709+00', 1667, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv925q6fv294z47eg6fb0","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv925q6fv294z47eg6fb0","webhook-signature":"v1,/Y4YKZ5BEnUtPFka/p5N0lz1BQDM88wi4pTferagSZ4= v1,irqBWFrFrpSeoYjS7YNddZfWjXvSmv0eyUTvaWYQvHQ=","webhook-timestamp":"1796299662"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:42 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv92gb68jz6rjc46bf5wz', 'dlv_01m8xwv925q6fv2950wf3hvna1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwv925q6fv294z47eg6fb0', 1, '2026-12-03 12:07:42.416635+00', 215, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv925q6fv294z47eg6fb0","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv925q6fv294z47eg6fb0","webhook-signature":"v1,wAX4k0SUkG4j5Ovu5/QMfzpLQFvL6BJSb7BrZXqQJsU=","webhook-timestamp":"1796299662"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv92gb68jz6rjk4dh3jx1', 'dlv_01m8xwv925q6fv2950g2sv2bcx', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwv925q6fv294z47eg6fb0', 1, '2026-12-03 12:07:42.415146+00', 1826, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv925q6fv294z47eg6fb0","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv925q6fv294z47eg6fb0","webhook-signature":"v1,aMN1Sen4iYWj4rPLMRoaYu/0AMFM35+hsG88OeLZzZE=","webhook-timestamp":"1796299662"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:42 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv92gb68jz6rjtkkskgy9', 'dlv_01m8xwv8vr56btyw43hxktcp86', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv8vr56btyw43egbyxb30', 1, '2026-12-03 12:07:42.211793+00', 306587, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv8vr56btyw43egbyxb30","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv8vr56btyw43egbyxb30","webhook-signature":"v1,lodf7xI8xB4tvYC0fCJZNpgdOb80A4ldXL5cPsaK1Sk=","webhook-timestamp":"1796299662"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:42 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwv95pmhq1asb5c9mze9g4', 'dlv_01m8xwv925q6fv294zfht85t4t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwv925q6fv294z47eg6fb0', 1, '2026-12-03 12:07:42.518463+00', 301521, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwv925q6fv294z47eg6fb0","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwv925q6fv294z47eg6fb0","webhook-signature":"v1,5wPImUpg5i2oHqyjmAq0icuOFAoepH7luvrmr78XGFg=","webhook-timestamp":"1796299662"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:42 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvarxz41gygntaznygk6m', 'dlv_01m8xwvars6sqxrtgw8mfdc5s3', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvars6sqxrtgsv0jc2cbg', 1, '2026-12-03 12:07:44.15765+00', 300, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvars6sqxrtgsv0jc2cbg","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvars6sqxrtgsv0jc2cbg","webhook-signature":"v1,GefRrIRr52PKnhTrgNkfV9qjAzdYFoUquEapYW3Wi70=","webhook-timestamp":"1796299664"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvarxz41gygnvaqgznmxn', 'dlv_01m8xwvars6sqxrtgvmgzwk89s', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvars6sqxrtgsv0jc2cbg', 1, '2026-12-03 12:07:44.157233+00', 2968, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvars6sqxrtgsv0jc2cbg","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvars6sqxrtgsv0jc2cbg","webhook-signature":"v1,UZizPXIJk467fM4vE40iTpWM9bli+buM/JDKHr/SwoA=","webhook-timestamp":"1796299664"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvarxz41gygnvmzxsatm7', 'dlv_01m8xwvars6sqxrtgv60pwvw54', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvars6sqxrtgsv0jc2cbg', 1, '2026-12-03 12:07:44.157588+00', 2696, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvars6sqxrtgsv0jc2cbg","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvars6sqxrtgsv0jc2cbg","webhook-signature":"v1,kqkabBimCEklCcl50Jy7NnN7NWWwbD0nVEWHTKeNfLU= v1,D1HDsZKj9FR0EhxFO35Ka/4D+sSdNrEnwTkZ8qDEzu0=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvawvmxb7k06e1w3fx9mj', 'dlv_01m8xwvawsxheq3dzy5gnz29fr', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvawsxheq3dzx0hqtxmbs', 1, '2026-12-03 12:07:44.283+00', 1927, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvawsxheq3dzx0hqtxmbs","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvawsxheq3dzx0hqtxmbs","webhook-signature":"v1,axmU5JUBIItHxWgL9GuUGIxSQU11QJsyztWFDxTmyXE= v1,FYRBewSg7DhIxP+dz23QBVrFNUf4A0PB+rAzV6jWb1c=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvawvmxb7k06ed2d219jr', 'dlv_01m8xwvawsxheq3dzy7b2vejy2', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvawsxheq3dzx0hqtxmbs', 1, '2026-12-03 12:07:44.283533+00', 2594, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvawsxheq3dzx0hqtxmbs","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvawsxheq3dzx0hqtxmbs","webhook-signature":"v1,lqd6DGeIW3UxxPbHlthebZI/Xu2wVr+3p0/hneBthGA=","webhook-timestamp":"1796299664"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvawwfn4dxr88fzcmmztn', 'dlv_01m8xwvawsxheq3dzz3yh52sg9', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvawsxheq3dzx0hqtxmbs', 1, '2026-12-03 12:07:44.284628+00', 1591, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvawsxheq3dzx0hqtxmbs","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvawsxheq3dzx0hqtxmbs","webhook-signature":"v1,GixaM0NhanxLPf2zuVVKADy/4WkgPpYturlfO7fQngI=","webhook-timestamp":"1796299664"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvb00bcb4dqrnzz7a16ew', 'dlv_01m8xwvazxmtgp21gp778h5s3t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvazxmtgp21gmmhyft2t1', 1, '2026-12-03 12:07:44.384186+00', 151, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvazxmtgp21gmmhyft2t1","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvazxmtgp21gmmhyft2t1","webhook-signature":"v1,aoXxd/5byWMV2fao4uYI7zevnD7YWqunk8PYFBGEweg=","webhook-timestamp":"1796299664"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvb00bcb4dqrpnf04hekn', 'dlv_01m8xwvazxmtgp21gp5v5dmgx2', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvazxmtgp21gmmhyft2t1', 1, '2026-12-03 12:07:44.384101+00', 3773, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvazxmtgp21gmmhyft2t1","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvazxmtgp21gmmhyft2t1","webhook-signature":"v1,LdEU5JSmSQeMC2jlCz05pshfbumiAoq0WSja4g8+YBM=","webhook-timestamp":"1796299664"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvb00bcb4dqrpwq267je3', 'dlv_01m8xwvazxmtgp21gnrap6mmcg', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvazxmtgp21gmmhyft2t1', 1, '2026-12-03 12:07:44.383829+00', 4132, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvazxmtgp21gmmhyft2t1","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvazxmtgp21gmmhyft2t1","webhook-signature":"v1,UejhBTYf3g1zegi67UZec+2eQyIv289xJ2MF1YrR8DI= v1,LCdV4iki1YmvPA1JliP5dA5tXCO4ZoahDmSebrEZ0D0=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvb00bcb4dqrpxcb5w8js', 'dlv_01m8xwvars6sqxrtgttwj8g9g1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwvars6sqxrtgsv0jc2cbg', 1, '2026-12-03 12:07:44.15781+00', 305464, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvars6sqxrtgsv0jc2cbg","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvars6sqxrtgsv0jc2cbg","webhook-signature":"v1,A2jnPnyseHMRtqrckwmB6mMCyab2pbszxwb2C9Y3UhM=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvb53ca5an8h98n4z2f85', 'dlv_01m8xwvb4xh06rygqa7p9kzxp5', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvb4xh06rygq8cp2na78r', 1, '2026-12-03 12:07:44.54702+00', 327, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvb4xh06rygq8cp2na78r","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvb4xh06rygq8cp2na78r","webhook-signature":"v1,kHkpSYIRLShyLyvcZ5RA9S1g6Hkzy1Vul1RI8dAhdLI=","webhook-timestamp":"1796299664"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvb53ca5an8h9ff81mtjb', 'dlv_01m8xwvb4xh06rygq9qth7ck42', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvb4xh06rygq8cp2na78r', 1, '2026-12-03 12:07:44.546874+00', 3529, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvb4xh06rygq8cp2na78r","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvb4xh06rygq8cp2na78r","webhook-signature":"v1,Z1pI7VpsPkbOiis0eXKSCN6sujs3vOZMk+AP65OVQ8M= v1,z3iwIr/6XwnEUXruY8Xpt64VvgD59kMF0O5wmP4aVeQ=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvb53ca5an8h9q085j84b', 'dlv_01m8xwvb4xh06rygq9qxv301mb', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvb4xh06rygq8cp2na78r', 1, '2026-12-03 12:07:44.547201+00', 3244, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvb4xh06rygq8cp2na78r","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvb4xh06rygq8cp2na78r","webhook-signature":"v1,q5/VFKhfUmxVX/wIM/RvMq2sVPkJ5Q/DyC7fkWJRzSc=","webhook-timestamp":"1796299664"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvb5x7qmb5n1fszdm2409', 'dlv_01m8xwvawsxheq3dzx9eym06na', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwvawsxheq3dzx0hqtxmbs', 1, '2026-12-03 12:07:44.384611+00', 310458, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvawsxheq3dzx0hqtxmbs","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvawsxheq3dzx0hqtxmbs","webhook-signature":"v1,3IaWzq6lp+Oj7HWMDEplKG2FdBuvtt9AeJ+IH0kB/Lw=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvb5x7qmb5n1fxa4ff4cs', 'dlv_01m8xwvazxmtgp21gngyfa9pvm', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwvazxmtgp21gmmhyft2t1', 1, '2026-12-03 12:07:44.463295+00', 326976, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvazxmtgp21gmmhyft2t1","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvazxmtgp21gmmhyft2t1","webhook-signature":"v1,xSIkBARXU3g+RSXNkjya4/i0K7Qo79DsUFlkYgMZD/g=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbgqekefys4jt8m1c5c8', 'dlv_01m8xwvb4xh06rygq9a54c6fc8', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwvb4xh06rygq8cp2na78r', 1, '2026-12-03 12:07:44.695089+00', 304831, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvb4xh06rygq8cp2na78r","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvb4xh06rygq8cp2na78r","webhook-signature":"v1,ClJWyG5j8Cek3yazGmOg29jJxFdCcFkb8kiC0KQ08jY=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbnbtfgvftx7ftq30az9', 'dlv_01m8xwvbmvg6eanka4bz05yrx6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvbmvg6eanka32mp32yct', 1, '2026-12-03 12:07:45.06787+00', 355, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbmvg6eanka32mp32yct","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbmvg6eanka32mp32yct","webhook-signature":"v1,EuFv4vlNlrZBaTcbw0z+1LMuB0kugNjNOV75ErVERxI=","webhook-timestamp":"1796299665"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbnc5bw1yh0d8185y48n', 'dlv_01m8xwvbmvg6eanka4hfk9cz5k', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvbmvg6eanka32mp32yct', 1, '2026-12-03 12:07:45.0685+00', 246, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbmvg6eanka32mp32yct","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbmvg6eanka32mp32yct","webhook-signature":"v1,Zv9szbrzp7eYyrWN/cnBRN4dSihRw005CBT7loCv//s=","webhook-timestamp":"1796299665"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbnc5bw1yh0e2d6bgyvp', 'dlv_01m8xwvbmvg6eanka49mxpyqwn', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvbmvg6eanka32mp32yct', 1, '2026-12-03 12:07:45.067247+00', 1645, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbmvg6eanka32mp32yct","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbmvg6eanka32mp32yct","webhook-signature":"v1,jhI1mhdFoL+gql4858fWEl61bk6GjbSvbWOGOx4MJqg= v1,WbfIegngBKR5GLKzIoZOEHkT4exqhXkvD7ENzl+1fuk=","webhook-timestamp":"1796299665"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbq2rh0800t739svd19p', 'dlv_01m8xwvbcr0c3r4x2jm3qhy903', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwvbcr0c3r4x2jjwm6mxrt', 1, '2026-12-03 12:07:44.888315+00', 301781, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbcr0c3r4x2jjwm6mxrt","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbcr0c3r4x2jjwm6mxrt","webhook-signature":"v1,JSIItxNCATpzGxgN+oQnTkf+D13xGwiynckdplSnLG8=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbt9j2mczsy3tfdd4nhm', 'dlv_01m8xwvbt6zs0yd1j4fyd0n7yk', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvbt6zs0yd1j2prp6rnga', 1, '2026-12-03 12:07:45.225003+00', 1122, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbt6zs0yd1j2prp6rnga","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbt6zs0yd1j2prp6rnga","webhook-signature":"v1,Qy9HZiILdU7KVH0sTh+JyNYW7sRPwRnC/VmcbxDdOrg=","webhook-timestamp":"1796299665"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbt9j2mczsy4j86h6vs5', 'dlv_01m8xwvbt6zs0yd1j4qxr83djt', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvbt6zs0yd1j2prp6rnga', 1, '2026-12-03 12:07:45.225386+00', 962, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbt6zs0yd1j2prp6rnga","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbt6zs0yd1j2prp6rnga","webhook-signature":"v1,7hkE+VftysrQN30CwCF8uwQN3SakVeGRRErF9xUp1y0=","webhook-timestamp":"1796299665"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbcypgmzd71e8twe25rs', 'dlv_01m8xwvbcr0c3r4x2kqy4kyrze', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvbcr0c3r4x2jjwm6mxrt', 1, '2026-12-03 12:07:44.798564+00', 218, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbcr0c3r4x2jjwm6mxrt","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbcr0c3r4x2jjwm6mxrt","webhook-signature":"v1,cBccswypQoznJ/dy4tbmDjj5W9EnetTJ11Tv7oLfMXE=","webhook-timestamp":"1796299664"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbcypgmzd71eqs95qqmh', 'dlv_01m8xwvbcr0c3r4x2k9m9219x6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvbcr0c3r4x2jjwm6mxrt', 1, '2026-12-03 12:07:44.798029+00', 1362, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbcr0c3r4x2jjwm6mxrt","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbcr0c3r4x2jjwm6mxrt","webhook-signature":"v1,KhGNjvRGVZpzYmdcP+iV10tSKVmq5wLfCJe6fwiHXrc=","webhook-timestamp":"1796299664"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbczbf1nzyf7b70s57xy', 'dlv_01m8xwvbcr0c3r4x2jsv7pqdtw', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvbcr0c3r4x2jjwm6mxrt', 1, '2026-12-03 12:07:44.799093+00', 477, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbcr0c3r4x2jjwm6mxrt","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbcr0c3r4x2jjwm6mxrt","webhook-signature":"v1,xx4DmrjDV090k4LZYLwRhASIM9YWwzBmQ3v0tKAEWVI= v1,01tKm5PYuf4RcQne1Dy7hiU2ZrWIHRxVNNLR3wKt3Mo=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbfrwxdarp7hpb8hts88', 'dlv_01m8xwvbfebqz54w3sqg62s9d0', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvbfebqz54w3ry01gybw2', 1, '2026-12-03 12:07:44.888132+00', 1629, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbfebqz54w3ry01gybw2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbfebqz54w3ry01gybw2","webhook-signature":"v1,IxB1HcgeBvQzpBT+hhdKxP9nEVpvui53q8J+ublWyw4= v1,JUu1qRNOkeON6u9E8eHdv2rnIlD/KiuOzA0AiPHvvlQ=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbfrwxdarp7j2qywh0sw', 'dlv_01m8xwvbfebqz54w3t437g3bfp', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvbfebqz54w3ry01gybw2', 1, '2026-12-03 12:07:44.888412+00', 1616, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbfebqz54w3ry01gybw2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbfebqz54w3ry01gybw2","webhook-signature":"v1,ecR6GCLOS9HDTWA+6uiteOlFE5Ms5pNZ6IY98bi1owc=","webhook-timestamp":"1796299664"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:44 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbfrwxdarp7hkrwfh8ry', 'dlv_01m8xwvbfebqz54w3ttenth1fq', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvbfebqz54w3ry01gybw2', 1, '2026-12-03 12:07:44.888562+00', 239, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbfebqz54w3ry01gybw2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbfebqz54w3ry01gybw2","webhook-signature":"v1,qJ2Ot79l8ghW6eO0AvJQlWU9RNVLZzOcCBAQlnaIIj4=","webhook-timestamp":"1796299664"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbyg48h36x9qbh90dhym', 'dlv_01m8xwvbmvg6eanka3x5jjsxaj', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwvbmvg6eanka32mp32yct', 1, '2026-12-03 12:07:45.190182+00', 314223, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbmvg6eanka32mp32yct","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbmvg6eanka32mp32yct","webhook-signature":"v1,oBL+2KiJA4UVWqSlL9BHvF6JobWgZwz4IfuvxmiMcN4=","webhook-timestamp":"1796299665"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvc6gccz7q4cr2z61mhxx', 'dlv_01m8xwvc675w99ehjnyts6h6ty', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvc675w99ehjmewgjbhe6', 1, '2026-12-03 12:07:45.616264+00', 201, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvc675w99ehjmewgjbhe6","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvc675w99ehjmewgjbhe6","webhook-signature":"v1,5o3Zt1VPZvM79SLcQZ6uDOB2QbcrXHZyPeJmnvhXi8Y=","webhook-timestamp":"1796299665"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvc6gccz7q4csd6rsdphs', 'dlv_01m8xwvc675w99ehjndnqv1z52', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvc675w99ehjmewgjbhe6', 1, '2026-12-03 12:07:45.616094+00', 978, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvc675w99ehjmewgjbhe6","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvc675w99ehjmewgjbhe6","webhook-signature":"v1,2zE28FYYz0Nj8YbbLdC09ZkZvJRUnsvGpOfSalmOEg0= v1,Sd1tJJi3U5KagEifC7kA7TFI28Oo0JMR8j8eCGHKvRU=","webhook-timestamp":"1796299665"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvc6gccz7q4crx30kstde', 'dlv_01m8xwvc675w99ehjnr8133gnh', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvc675w99ehjmewgjbhe6', 1, '2026-12-03 12:07:45.61616+00', 654, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvc675w99ehjmewgjbhe6","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvc675w99ehjmewgjbhe6","webhook-signature":"v1,dp2MO5VH4gr9YUp2sRWyRttSKCZmRndiUpafsjC0cJE=","webhook-timestamp":"1796299665"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbtae3mrf9ra6eqpfan6', 'dlv_01m8xwvbt6zs0yd1j3ytpzq0n4', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvbt6zs0yd1j2prp6rnga', 1, '2026-12-03 12:07:45.226417+00', 693, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbt6zs0yd1j2prp6rnga","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbt6zs0yd1j2prp6rnga","webhook-signature":"v1,CniByzHfB+d2sgyZmo1l6Q9ZzfXHVOrp8lHQpOrcGgk= v1,xHA/P5HyEtVi9X0vIMLNCHS235SeOq+UYtJQZQcW2J0=","webhook-timestamp":"1796299665"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbwc2vzd18bbr7g7psfa', 'dlv_01m8xwvbfebqz54w3s44cj50nj', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwvbfebqz54w3ry01gybw2', 1, '2026-12-03 12:07:44.999951+00', 301666, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbfebqz54w3ry01gybw2","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbfebqz54w3ry01gybw2","webhook-signature":"v1,9RL9QR1/hV1NakLsS4+m5r/MgREBANu3Oz17JCM8Tfg=","webhook-timestamp":"1796299664"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbyg48h36x9nz61e35r3', 'dlv_01m8xwvbybwp22ke2yw1q98f3k', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3nady1mn8b470zwa5fq', 'evt_01m8xwvbybwp22ke2xcgx881dz', 1, '2026-12-03 12:07:45.360583+00', 514, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbybwp22ke2xcgx881dz","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbybwp22ke2xcgx881dz","webhook-signature":"v1,E1yUdwJIb2VEgzzpSNwnenZFBpoAZ+3usbpZ0pEgfDs=","webhook-timestamp":"1796299665"}', 0, '{}', '\x', 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', 'connection_refused', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbyg48h36x9ph49jm3d3', 'dlv_01m8xwvbybwp22ke2yb1xr6m7v', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'evt_01m8xwvbybwp22ke2xcgx881dz', 1, '2026-12-03 12:07:45.358943+00', 3325, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbybwp22ke2xcgx881dz","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbybwp22ke2xcgx881dz","webhook-signature":"v1,t4+2bjOGNFmmjEEeGRg3fc/KNYVVhbhhhhn65aqIF+E=","webhook-timestamp":"1796299665"}', 500, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', 'HTTP 500 (a 2xx status is required)', 'http_status', false);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvbyg48h36x9pp375deqa', 'dlv_01m8xwvbybwp22ke2xt6nvtn16', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'evt_01m8xwvbybwp22ke2xcgx881dz', 1, '2026-12-03 12:07:45.358624+00', 4351, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbybwp22ke2xcgx881dz","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbybwp22ke2xcgx881dz","webhook-signature":"v1,g3RGyLhx5kjDSs8HN2Owh4uc1gcR1MYrq6jGdb4Ibrk= v1,rVlcMWr0xYDuINCiUPpd7En93Fs6V3OVrGgHHAGq/E4=","webhook-timestamp":"1796299665"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', '', '', true);
INSERT INTO s_0a11861.attempts VALUES ('att_01m8xwvc3msppgem5mmyrzd9eq', 'dlv_01m8xwvbt6zs0yd1j35s13myq1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'evt_01m8xwvbt6zs0yd1j2prp6rnga', 1, '2026-12-03 12:07:45.301691+00', 302569, '{"Content-Type":"application/json","User-Agent":"eSahayak-Webhooks/1.0","X-eSahayak-Attempt":"1","X-eSahayak-Delivery":"evt_01m8xwvbt6zs0yd1j2prp6rnga","X-eSahayak-Event":"stamp.uploaded","webhook-id":"evt_01m8xwvbt6zs0yd1j2prp6rnga","webhook-signature":"v1,gs8P+QU2dmbbffd762tVDRpOYXfkMNpRSkpbLvErtOs=","webhook-timestamp":"1796299665"}', 200, '{"Content-Length":"0","Date":"Thu, 03 Dec 2026 12:07:45 GMT"}', '\x', '', '', true);


--
-- Data for Name: dashboard_sessions; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--



--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--

INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4akn6pjyys2e2ywvq9m', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4akn6pjyys198d68bq2', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:37.580607+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.555012+00', '2026-12-03 12:07:37.580607+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4akn6pjyys41v22g2v5', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4akn6pjyys198d68bq2', 'stamp.uploaded', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:37.580737+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.555012+00', '2026-12-03 12:07:37.580737+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4c56c2s1p0g4pfxscdp', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 'order.delivered', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:37.621997+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.60544+00', '2026-12-03 12:07:37.621997+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4c56c2s1p0hyk0smqbg', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 'order.delivered', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:37.622019+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.60544+00', '2026-12-03 12:07:37.622019+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4akn6pjyys1xndt5034', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4akn6pjyys198d68bq2', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:37.881456+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.555012+00', '2026-12-03 12:07:37.881456+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4n2qhccdag14c56bb80', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:37.89596+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.890688+00', '2026-12-03 12:07:37.89596+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4n2qhccdag1hf37acym', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 'stamp.uploaded', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:37.896048+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.890688+00', '2026-12-03 12:07:37.896048+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4qc2jcgra8s4f1m5gvh', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 'order.delivered', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:37.984193+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.964669+00', '2026-12-03 12:07:37.984193+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4wxrv4mnm5d8c2e8fry', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 'order.delivered', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.160229+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.141526+00', '2026-12-03 12:07:38.160229+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4wxrv4mnm5egsdkjqpf', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 'order.delivered', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.160282+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.141526+00', '2026-12-03 12:07:38.160282+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4c56c2s1p0fcs0dhnzf', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 'order.delivered', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.185543+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.60544+00', '2026-12-03 12:07:38.185543+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4n2qhccdag0a4kq2677', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.289813+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.890688+00', '2026-12-03 12:07:38.289813+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4qc2jcgra8rkfvbzn5a', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 'order.delivered', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.460516+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.964669+00', '2026-12-03 12:07:38.460516+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4wxrv4mnm5d0z7q9e9n', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 'order.delivered', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.59317+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.141526+00', '2026-12-03 12:07:38.59317+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4akn6pjyys3jdhtwv57', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4akn6pjyys198d68bq2', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.577536+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:37.555012+00', '2026-12-03 12:07:39.577536+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4akn6pjyys2mg0zmttx', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4akn6pjyys198d68bq2', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.577195+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:37.555012+00', '2026-12-03 12:07:39.577195+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4c56c2s1p0h9505ep3m', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 'order.delivered', 'we_01m8xwv3nady1mn8b470zwa5fq', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.577428+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:37.60544+00', '2026-12-03 12:07:39.577428+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4qc2jcgra8tv1jjkpmh', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 'order.delivered', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:37.984158+00', 200, '', NULL, NULL, '2026-12-03 12:07:37.964669+00', '2026-12-03 12:07:37.984158+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4w80fbv4j6c3vrpqfny', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.130019+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.12049+00', '2026-12-03 12:07:38.130019+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4w80fbv4j6ds3wv2w7f', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 'stamp.uploaded', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.129998+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.12049+00', '2026-12-03 12:07:38.129998+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv51mraa39bhc5g1znzv8', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 'stamp.failed', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.301643+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.292575+00', '2026-12-03 12:07:38.301643+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv51mraa39bhdf3dkmmpx', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 'stamp.failed', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.301856+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.292575+00', '2026-12-03 12:07:38.301856+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv56gt14p0kbrz302rkdj', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv56gt14p0kbqefh596x4', 'order.cancelled', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.45791+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.448091+00', '2026-12-03 12:07:38.45791+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv56gt14p0kbtjy91k7rg', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv56gt14p0kbqefh596x4', 'order.cancelled', 'we_01m8xwv3wj9pjm9cvy8ez1y35w', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.458194+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.448091+00', '2026-12-03 12:07:38.458194+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4w80fbv4j6bwqr2e30q', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.487322+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.12049+00', '2026-12-03 12:07:38.487322+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv51mraa39bhbdgy3vztz', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 'stamp.failed', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.763148+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.292575+00', '2026-12-03 12:07:38.763148+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv56gt14p0kbr3mkwnx0q', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv56gt14p0kbqefh596x4', 'order.cancelled', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:38.796053+00', 200, '', NULL, NULL, '2026-12-03 12:07:38.448091+00', '2026-12-03 12:07:38.796053+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv51mraa39bhcszn7mdtt', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 'stamp.failed', 'we_01m8xwv3nady1mn8b470zwa5fq', 'failed', 3, 3, NULL, '2026-12-03 12:07:40.571932+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:38.292575+00', '2026-12-03 12:07:40.571932+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv51mraa39bhcpv8nm4q1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv51mraa39bhbc3wj4qa5', 'stamp.failed', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'failed', 3, 3, NULL, '2026-12-03 12:07:40.572035+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:38.292575+00', '2026-12-03 12:07:40.572035+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv56gt14p0kbscnfses5t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv56gt14p0kbqefh596x4', 'order.cancelled', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'failed', 3, 3, NULL, '2026-12-03 12:07:40.572082+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:38.448091+00', '2026-12-03 12:07:40.572082+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4n2qhccdag1hc3f4sc6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.577296+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:37.890688+00', '2026-12-03 12:07:39.577296+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4qc2jcgra8t94qrbjmz', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 'order.delivered', 'we_01m8xwv3nady1mn8b470zwa5fq', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.577055+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:37.964669+00', '2026-12-03 12:07:39.577055+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4n2qhccdag1ga7zsyqq', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4n2qhccdag04ezwm3jx', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.576907+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:37.890688+00', '2026-12-03 12:07:39.576907+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4wxrv4mnm5e215qfv3t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 'order.delivered', 'we_01m8xwv3nady1mn8b470zwa5fq', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.579376+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:38.141526+00', '2026-12-03 12:07:39.579376+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4w80fbv4j6df45ve20e', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.579462+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:38.12049+00', '2026-12-03 12:07:39.579462+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4c56c2s1p0gwpak910s', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4c56c2s1p0f0fdmtax9', 'order.delivered', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.579549+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:37.60544+00', '2026-12-03 12:07:39.579549+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4qc2jcgra8sq7zmwmds', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4qc2jcgra8qtzgcr86j', 'order.delivered', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.579524+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:37.964669+00', '2026-12-03 12:07:39.579524+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4wxrv4mnm5dcv0agm7z', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4wxrv4mnm5c3jjw060b', 'order.delivered', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.579436+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:38.141526+00', '2026-12-03 12:07:39.579436+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv4w80fbv4j6ck71vr0vc', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv4w80fbv4j6b3pn78m12', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'failed', 3, 3, NULL, '2026-12-03 12:07:39.579502+00', 500, 'HTTP 500 (a 2xx status is required)', NULL, NULL, '2026-12-03 12:07:38.12049+00', '2026-12-03 12:07:39.579502+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv56gt14p0kbstpngka8g', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv56gt14p0kbqefh596x4', 'order.cancelled', 'we_01m8xwv3nady1mn8b470zwa5fq', 'failed', 3, 3, NULL, '2026-12-03 12:07:40.571533+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', NULL, NULL, '2026-12-03 12:07:38.448091+00', '2026-12-03 12:07:40.571533+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv8vr56btyw458kwsfysr', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv8vr56btyw43egbyxb30', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:07:56.181055+00', '2026-12-03 12:07:42.212671+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:07:56.181055+00', NULL, '2026-12-03 12:07:42.200044+00', '2026-12-03 12:07:42.212671+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv8vr56btyw43s9pjfd0q', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv8vr56btyw43egbyxb30', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:42.230582+00', 200, '', NULL, NULL, '2026-12-03 12:07:42.200044+00', '2026-12-03 12:07:42.230582+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv8vr56btyw44c5xep4m0', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv8vr56btyw43egbyxb30', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:07:58.43179+00', '2026-12-03 12:07:42.23022+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:07:58.43179+00', NULL, '2026-12-03 12:07:42.200044+00', '2026-12-03 12:07:42.23022+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv925q6fv294zkxxk92x6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv925q6fv294z47eg6fb0', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:42.416376+00', 200, '', NULL, NULL, '2026-12-03 12:07:42.405312+00', '2026-12-03 12:07:42.416376+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv925q6fv2950g2sv2bcx', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv925q6fv294z47eg6fb0', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:07:58.746068+00', '2026-12-03 12:07:42.416973+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:07:58.746068+00', NULL, '2026-12-03 12:07:42.405312+00', '2026-12-03 12:07:42.416973+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv925q6fv2950wf3hvna1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv925q6fv294z47eg6fb0', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:07:56.799486+00', '2026-12-03 12:07:42.416851+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:07:56.799486+00', NULL, '2026-12-03 12:07:42.405312+00', '2026-12-03 12:07:42.416851+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv8vr56btyw43hxktcp86', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv8vr56btyw43egbyxb30', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:42.51838+00', 200, '', NULL, NULL, '2026-12-03 12:07:42.200044+00', '2026-12-03 12:07:42.51838+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwv925q6fv294zfht85t4t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwv925q6fv294z47eg6fb0', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:42.819985+00', 200, '', NULL, NULL, '2026-12-03 12:07:42.405312+00', '2026-12-03 12:07:42.819985+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvars6sqxrtgv60pwvw54', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvars6sqxrtgsv0jc2cbg', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.160284+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.153893+00', '2026-12-03 12:07:44.160284+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvars6sqxrtgvmgzwk89s', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvars6sqxrtgsv0jc2cbg', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:07:58.378432+00', '2026-12-03 12:07:44.160201+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:07:58.378432+00', NULL, '2026-12-03 12:07:44.153893+00', '2026-12-03 12:07:44.160201+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvars6sqxrtgttwj8g9g1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvars6sqxrtgsv0jc2cbg', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.463275+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.153893+00', '2026-12-03 12:07:44.463275+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvars6sqxrtgw8mfdc5s3', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvars6sqxrtgsv0jc2cbg', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:07:58.976641+00', '2026-12-03 12:07:44.15795+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:07:58.976641+00', NULL, '2026-12-03 12:07:44.153893+00', '2026-12-03 12:07:44.15795+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvawsxheq3dzy5gnz29fr', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvawsxheq3dzx0hqtxmbs', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.284927+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.28105+00', '2026-12-03 12:07:44.284927+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvawsxheq3dzy7b2vejy2', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvawsxheq3dzx0hqtxmbs', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:07:59.576522+00', '2026-12-03 12:07:44.286128+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:07:59.576522+00', NULL, '2026-12-03 12:07:44.28105+00', '2026-12-03 12:07:44.286128+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvawsxheq3dzz3yh52sg9', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvawsxheq3dzx0hqtxmbs', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:07:59.64957+00', '2026-12-03 12:07:44.28622+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:07:59.64957+00', NULL, '2026-12-03 12:07:44.28105+00', '2026-12-03 12:07:44.28622+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvazxmtgp21gp778h5s3t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvazxmtgp21gmmhyft2t1', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:07:58.113763+00', '2026-12-03 12:07:44.384338+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:07:58.113763+00', NULL, '2026-12-03 12:07:44.381763+00', '2026-12-03 12:07:44.384338+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvazxmtgp21gnrap6mmcg', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvazxmtgp21gmmhyft2t1', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.387962+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.381763+00', '2026-12-03 12:07:44.387962+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvazxmtgp21gp5v5dmgx2', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvazxmtgp21gmmhyft2t1', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:08:00.704673+00', '2026-12-03 12:07:44.387875+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:00.704673+00', NULL, '2026-12-03 12:07:44.381763+00', '2026-12-03 12:07:44.387875+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvb4xh06rygqa7p9kzxp5', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvb4xh06rygq8cp2na78r', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:07:59.226847+00', '2026-12-03 12:07:44.547348+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:07:59.226847+00', NULL, '2026-12-03 12:07:44.541439+00', '2026-12-03 12:07:44.547348+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvb4xh06rygq9qth7ck42', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvb4xh06rygq8cp2na78r', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.550403+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.541439+00', '2026-12-03 12:07:44.550403+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvb4xh06rygq9qxv301mb', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvb4xh06rygq8cp2na78r', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:08:00.872162+00', '2026-12-03 12:07:44.550445+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:00.872162+00', NULL, '2026-12-03 12:07:44.541439+00', '2026-12-03 12:07:44.550445+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvawsxheq3dzx9eym06na', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvawsxheq3dzx0hqtxmbs', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.695069+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.28105+00', '2026-12-03 12:07:44.695069+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvazxmtgp21gngyfa9pvm', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvazxmtgp21gmmhyft2t1', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.790272+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.381763+00', '2026-12-03 12:07:44.790272+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbcr0c3r4x2kqy4kyrze', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbcr0c3r4x2jjwm6mxrt', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:08:00.810228+00', '2026-12-03 12:07:44.798783+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:00.810228+00', NULL, '2026-12-03 12:07:44.792879+00', '2026-12-03 12:07:44.798783+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbcr0c3r4x2jsv7pqdtw', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbcr0c3r4x2jjwm6mxrt', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.79957+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.792879+00', '2026-12-03 12:07:44.79957+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbcr0c3r4x2k9m9219x6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbcr0c3r4x2jjwm6mxrt', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:08:00.09278+00', '2026-12-03 12:07:44.799392+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:00.09278+00', NULL, '2026-12-03 12:07:44.792879+00', '2026-12-03 12:07:44.799392+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbfebqz54w3sqg62s9d0', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbfebqz54w3ry01gybw2', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.889762+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.87862+00', '2026-12-03 12:07:44.889762+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbfebqz54w3t437g3bfp', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbfebqz54w3ry01gybw2', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:07:59.372187+00', '2026-12-03 12:07:44.890029+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:07:59.372187+00', NULL, '2026-12-03 12:07:44.87862+00', '2026-12-03 12:07:44.890029+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbfebqz54w3ttenth1fq', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbfebqz54w3ry01gybw2', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:08:00.092741+00', '2026-12-03 12:07:44.888801+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:00.092741+00', NULL, '2026-12-03 12:07:44.87862+00', '2026-12-03 12:07:44.888801+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvb4xh06rygq9a54c6fc8', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvb4xh06rygq8cp2na78r', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:44.999921+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.541439+00', '2026-12-03 12:07:44.999921+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbmvg6eanka4bz05yrx6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbmvg6eanka32mp32yct', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:07:59.730987+00', '2026-12-03 12:07:45.068225+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:07:59.730987+00', NULL, '2026-12-03 12:07:45.051765+00', '2026-12-03 12:07:45.068225+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbmvg6eanka49mxpyqwn', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbmvg6eanka32mp32yct', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:45.068892+00', 200, '', NULL, NULL, '2026-12-03 12:07:45.051765+00', '2026-12-03 12:07:45.068892+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbmvg6eanka4hfk9cz5k', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbmvg6eanka32mp32yct', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:07:59.979897+00', '2026-12-03 12:07:45.068746+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:07:59.979897+00', NULL, '2026-12-03 12:07:45.051765+00', '2026-12-03 12:07:45.068746+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbcr0c3r4x2jm3qhy903', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbcr0c3r4x2jjwm6mxrt', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:45.190097+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.792879+00', '2026-12-03 12:07:45.190097+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbt6zs0yd1j4fyd0n7yk', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbt6zs0yd1j2prp6rnga', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:07:59.970559+00', '2026-12-03 12:07:45.226125+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:07:59.970559+00', NULL, '2026-12-03 12:07:45.222138+00', '2026-12-03 12:07:45.226125+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbt6zs0yd1j3ytpzq0n4', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbt6zs0yd1j2prp6rnga', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:45.227111+00', 200, '', NULL, NULL, '2026-12-03 12:07:45.222138+00', '2026-12-03 12:07:45.227111+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbfebqz54w3s44cj50nj', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbfebqz54w3ry01gybw2', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:45.301618+00', 200, '', NULL, NULL, '2026-12-03 12:07:44.87862+00', '2026-12-03 12:07:45.301618+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbmvg6eanka3x5jjsxaj', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbmvg6eanka32mp32yct', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:45.504406+00', 200, '', NULL, NULL, '2026-12-03 12:07:45.051765+00', '2026-12-03 12:07:45.504406+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbt6zs0yd1j35s13myq1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbt6zs0yd1j2prp6rnga', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:45.604261+00', 200, '', NULL, NULL, '2026-12-03 12:07:45.222138+00', '2026-12-03 12:07:45.604261+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbt6zs0yd1j4qxr83djt', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbt6zs0yd1j2prp6rnga', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:08:00.467839+00', '2026-12-03 12:07:45.226349+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:00.467839+00', NULL, '2026-12-03 12:07:45.222138+00', '2026-12-03 12:07:45.226349+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbybwp22ke2xndzxpsep', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbybwp22ke2xcgx881dz', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'pending', 0, 0, NULL, NULL, 0, '', '2026-12-03 12:08:45.35573+00', 'vm-4950e455', '2026-12-03 12:07:45.355729+00', '2026-12-03 12:07:45.355729+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbybwp22ke2yw1q98f3k', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbybwp22ke2xcgx881dz', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:07:59.536258+00', '2026-12-03 12:07:45.361097+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:07:59.536258+00', NULL, '2026-12-03 12:07:45.355729+00', '2026-12-03 12:07:45.361097+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbybwp22ke2xt6nvtn16', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbybwp22ke2xcgx881dz', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:45.362976+00', 200, '', NULL, NULL, '2026-12-03 12:07:45.355729+00', '2026-12-03 12:07:45.362976+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvbybwp22ke2yb1xr6m7v', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvbybwp22ke2xcgx881dz', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:07:59.065976+00', '2026-12-03 12:07:45.362269+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:07:59.065976+00', NULL, '2026-12-03 12:07:45.355729+00', '2026-12-03 12:07:45.362269+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvc675w99ehjn9tj12e3s', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvc675w99ehjmewgjbhe6', 'stamp.uploaded', 'we_01m8xwv2gk6t9sg3e9trnh43pk', 'pending', 0, 0, NULL, NULL, 0, '', '2026-12-03 12:08:45.607255+00', 'vm-4950e455', '2026-12-03 12:07:45.607254+00', '2026-12-03 12:07:45.607254+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvc675w99ehjnyts6h6ty', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvc675w99ehjmewgjbhe6', 'stamp.uploaded', 'we_01m8xwv3nady1mn8b470zwa5fq', 'retrying', 1, 1, '2026-12-03 12:08:00.325736+00', '2026-12-03 12:07:45.616465+00', 0, 'Post "http://127.0.0.1:27314/hook": dial tcp 127.0.0.1:27314: connect: connection refused', '2026-12-03 12:08:00.325736+00', NULL, '2026-12-03 12:07:45.607254+00', '2026-12-03 12:07:45.616465+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvc675w99ehjndnqv1z52', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvc675w99ehjmewgjbhe6', 'stamp.uploaded', 'we_01m8xwv31q4ba7sxa2the0y7ye', 'succeeded', 1, 1, NULL, '2026-12-03 12:07:45.617072+00', 200, '', NULL, NULL, '2026-12-03 12:07:45.607254+00', '2026-12-03 12:07:45.617072+00', false);
INSERT INTO s_0a11861.deliveries VALUES ('dlv_01m8xwvc675w99ehjnr8133gnh', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'evt_01m8xwvc675w99ehjmewgjbhe6', 'stamp.uploaded', 'we_01m8xwv3dj1svjt2h0xbfv86g1', 'retrying', 1, 1, '2026-12-03 12:08:01.320993+00', '2026-12-03 12:07:45.616814+00', 500, 'HTTP 500 (a 2xx status is required)', '2026-12-03 12:08:01.320993+00', NULL, '2026-12-03 12:07:45.607254+00', '2026-12-03 12:07:45.616814+00', false);


--
-- Data for Name: endpoints; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--

INSERT INTO s_0a11861.endpoints VALUES ('we_01m8xwv2gk6t9sg3e9trnh43pk', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'http://127.0.0.1:27311/hook', 'ok1', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'enabled', '', 'whsec_pT+wzY+zGfufXLd6SRNwFeSfFOvJSl195r9J0cdlba4=', '', NULL, NULL, '2026-12-03 12:07:35.699605+00', '2026-12-03 12:07:35.699605+00', NULL);
INSERT INTO s_0a11861.endpoints VALUES ('we_01m8xwv3nady1mn8b470zwa5fq', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'http://127.0.0.1:27314/hook', 'down', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'enabled', '', 'whsec_5pS+VAdHdE9WulqjHLOG5IESMuKknyZUITNXAcn0WHk=', '', NULL, '2026-12-03 12:07:37.572689+00', '2026-12-03 12:07:36.874653+00', '2026-12-03 12:07:36.874653+00', NULL);
INSERT INTO s_0a11861.endpoints VALUES ('we_01m8xwv3dj1svjt2h0xbfv86g1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'http://127.0.0.1:27313/hook', 'e500', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'enabled', '', 'whsec_l36YXp2niiUjE7NbSjNlEnFpbM3ggYBD7qSlj/gyiKI=', '', NULL, '2026-12-03 12:07:37.572355+00', '2026-12-03 12:07:36.626531+00', '2026-12-03 12:07:36.626531+00', NULL);
INSERT INTO s_0a11861.endpoints VALUES ('we_01m8xwv31q4ba7sxa2the0y7ye', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'http://127.0.0.1:27312/hook', 'ok2', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'enabled', '', 'whsec_bp7I2HL4NDHoQ7WHAaC3TLGHXnJOpttlBUdwIyc8p7Y=', 'whsec_m7zRV59QNP5im0m8OVL2kmiMPIq4qfpC68CxURwSGvA=', '2026-12-04 12:07:41.630199+00', NULL, '2026-12-03 12:07:36.247732+00', '2026-12-03 12:07:41.630199+00', NULL);
INSERT INTO s_0a11861.endpoints VALUES ('we_01m8xwv3wj9pjm9cvy8ez1y35w', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'http://127.0.0.1:27315/hook', 'dis', '{stamp.uploaded,stamp.failed,order.delivered,order.cancelled}', 'disabled', 'disabled by the account', 'whsec_v1XvEv4FdLQLbNWv9goaCHlNcURsU2906mzovb7J07k=', '', NULL, NULL, '2026-12-03 12:07:37.106478+00', '2026-12-03 12:07:41.989002+00', NULL);


--
-- Data for Name: events; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--

INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv4akn6pjyys198d68bq2', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv46dep8bvvrgs0qxvbbp', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777634616b6e36706a797973313938643638627132222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33372e3535355a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777634366465703862767672677330717876626270222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33372e3432315a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777634366465703862767672683371687730786661222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:37.555012+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv4c56c2s1p0f0fdmtax9', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv46dep8bvvrgs0qxvbbp', 'order.delivered', '\x7b226964223a226576745f30316d3878777634633536633273317030663066646d74617839222c2274797065223a226f726465722e64656c697665726564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33372e3630355a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777634366465703862767672677330717876626270222c22737461747573223a2244454c495645524544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33372e3432315a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777634366465703862767672683371687730786661222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c2264656c6976657279223a7b22706172746e6572223a22426c756544617274222c22747261636b696e675f6964223a225431222c2264656c6976657265645f6174223a22323032362d31322d30335431323a30373a33372e3630355a227d7d7d', '2026-12-03 12:07:37.60544+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv4n2qhccdag04ezwm3jx', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv4hh2382wxyjza612b0c', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787776346e32716863636461673034657a776d336a78222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33372e3839305a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776346868323338327778796a7a61363132623063222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33372e3737375a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776346868323338327778796b70316633346a3434222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:37.890688+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv4qc2jcgra8qtzgcr86j', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv4hh2382wxyjza612b0c', 'order.delivered', '\x7b226964223a226576745f30316d38787776347163326a636772613871747a67637238366a222c2274797065223a226f726465722e64656c697665726564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33372e3936345a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776346868323338327778796a7a61363132623063222c22737461747573223a2244454c495645524544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33372e3737375a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776346868323338327778796b70316633346a3434222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c2264656c6976657279223a7b22706172746e6572223a22426c756544617274222c22747261636b696e675f6964223a225432222c2264656c6976657265645f6174223a22323032362d31322d30335431323a30373a33372e3936345a227d7d7d', '2026-12-03 12:07:37.964669+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv4w80fbv4j6b3pn78m12', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv4s34znt5yxaj3qv29ze', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777634773830666276346a366233706e37386d3132222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33382e3132305a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776347333347a6e74357978616a33717632397a65222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33382e3031395a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776347333347a6e74357978623234636439666737222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:38.12049+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv4wxrv4mnm5c3jjw060b', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv4s34znt5yxaj3qv29ze', 'order.delivered', '\x7b226964223a226576745f30316d387877763477787276346d6e6d3563336a6a7730363062222c2274797065223a226f726465722e64656c697665726564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33382e3134315a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776347333347a6e74357978616a33717632397a65222c22737461747573223a2244454c495645524544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33382e3031395a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776347333347a6e74357978623234636439666737222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c2264656c6976657279223a7b22706172746e6572223a22426c756544617274222c22747261636b696e675f6964223a225433222c2264656c6976657265645f6174223a22323032362d31322d30335431323a30373a33382e3134315a227d7d7d', '2026-12-03 12:07:38.141526+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv51mraa39bhbc3wj4qa5', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv4ykj3hzrv24yawseje7', 'stamp.failed', '\x7b226964223a226576745f30316d3878777635316d72616133396268626333776a34716135222c2274797065223a227374616d702e6661696c6564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33382e3239325a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777634796b6a33687a7276323479617773656a6537222c22737461747573223a224641494c4544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33382e3139355a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777634796b6a33687a727632356a7632366e786574222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c226572726f72223a7b22636f6465223a22504f5254414c5f444f574e222c226d657373616765223a22646f776e227d7d7d', '2026-12-03 12:07:38.292575+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv56gt14p0kbqefh596x4', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv558ac9cehx3yhxrzcm5', 'order.cancelled', '\x7b226964223a226576745f30316d3878777635366774313470306b62716566683539367834222c2274797065223a226f726465722e63616e63656c6c6564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33382e3434385a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d387877763535386163396365687833796878727a636d35222c22737461747573223a2243414e43454c4c4544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a33382e3430385a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777635353861633963656878347168306a766d3470222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d2c2263616e63656c6c6174696f6e223a7b22726561736f6e223a22637573746f6d65722061736b6564222c22726566756e64223a7b22616d6f756e74223a313030302c22737461747573223a22494e49544941544544227d7d7d7d', '2026-12-03 12:07:38.448091+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv8vr56btyw43egbyxb30', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv8tsj1912tsqx2bhv9w3', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777638767235366274797734336567627978623330222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34322e3230305a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d387877763874736a313931327473717832626876397733222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34322e3136395a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d387877763874736a313931327473726a74316265703838222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:42.200044+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwv925q6fv294z47eg6fb0', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwv8ym0w1zdc7e26mgns3p', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787776393235713666763239347a3437656736666230222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34322e3430355a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777638796d3077317a6463376532366d676e733370222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34322e3239325a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777638796d3077317a646337656e7a686e30746370222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:42.405312+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvars6sqxrtgsv0jc2cbg', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvakmpwc444dv0sk4v7ag', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787776617273367371787274677376306a6332636267222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3135335a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776616b6d707763343434647630736b3476376167222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34332e3938385a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776616b6d707763343434647670786a6833623165222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:44.153893+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvawsxheq3dzx0hqtxmbs', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvasj2121dv4yz73fvvma', 'stamp.uploaded', '\x7b226964223a226576745f30316d387877766177737868657133647a7830687174786d6273222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3238315a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777661736a32313231647634797a37336676766d61222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3137385a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777661736a323132316476347a7338307366623730222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:44.28105+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvazxmtgp21gmmhyft2t1', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvaxgb3yr1s7pm391p0th', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787776617a786d7467703231676d6d68796674327431222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3338315a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777661786762337972317337706d33393170307468222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3330345a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777661786762337972317337707467767335766479222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:44.381763+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvb4xh06rygq8cp2na78r', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvb2m0k43eafrqzwpvnab', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777662347868303672796771386370326e61373872222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3534315a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777662326d306b343365616672717a7770766e6162222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3436385a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777662326d306b3433656166733137333677773635222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:44.541439+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvbcr0c3r4x2jjwm6mxrt', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvb5x7qmb5n1enmr9cmw4', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787776626372306333723478326a6a776d366d787274222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3739325a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777662357837716d62356e31656e6d7239636d7734222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3537335a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777662357837716d62356e3166653465346e337171222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:44.792879+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvbfebqz54w3ry01gybw2', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvbdtjdzk6erfbp18mq8w', 'stamp.uploaded', '\x7b226964223a226576745f30316d3878777662666562717a35347733727930316779627732222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3837385a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d387877766264746a647a6b36657266627031386d713877222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3832365a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d387877766264746a647a6b36657266737a39763339766a222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:44.87862+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvc675w99ehjmewgjbhe6', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvc3msppgem5k0g54n1m0', 'stamp.uploaded', '\x7b226964223a226576745f30316d387877766336373577393965686a6d6577676a62686536222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34352e3630375a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777663336d73707067656d356b306735346e316d30222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34352e3532345a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777663336d73707067656d356b7834317079647261222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:45.607254+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvbmvg6eanka32mp32yct', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvbgqekefys4hwa1m7j9a', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787776626d76673665616e6b6133326d703332796374222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34352e3035315a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d38787776626771656b6566797334687761316d376a3961222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34342e3931395a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d38787776626771656b65667973346878366b7071637368222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:45.051765+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvbt6zs0yd1j2prp6rnga', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvbq2rh0800t6sz5vww7t', 'stamp.uploaded', '\x7b226964223a226576745f30316d387877766274367a73307964316a3270727036726e6761222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34352e3232325a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d387877766271327268303830307436737a357677773774222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34352e3132325a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777662713272683038303074367677787236746778222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:45.222138+00', false);
INSERT INTO s_0a11861.events VALUES ('evt_01m8xwvbybwp22ke2xcgx881dz', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'order_01m8xwvbwc2vzd18bayq44zta9', 'stamp.uploaded', '\x7b226964223a226576745f30316d38787776627962777032326b653278636778383831647a222c2274797065223a227374616d702e75706c6f61646564222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34352e3335355a222c2264617461223a7b226f72646572223a7b226964223a226f726465725f30316d3878777662776332767a6431386261797134347a746139222c22737461747573223a22434f4d504c45544544222c22637265617465645f6174223a22323032362d31322d30335431323a30373a34352e3239325a227d2c227374616d705f72657175657374223a7b226964223a227374616d705f30316d3878777662776332767a64313862623379663673717667222c227374617465223a22417373616d222c22616d6f756e74223a313030302c2261727469636c655f636f6465223a2241532d52472d34222c2270726f7669646572223a22534843494c227d7d7d', '2026-12-03 12:07:45.355729+00', false);


--
-- Data for Name: idempotency_keys; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--



--
-- Data for Name: listen_sessions; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--



--
-- Data for Name: orders; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--

INSERT INTO s_0a11861.orders VALUES ('order_01m8xwv46dep8bvvrgs0qxvbbp', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'DELIVERED', '2026-12-03 12:07:37.421581+00', '2026-12-03 12:07:37.60544+00', 'stamp_01m8xwv46dep8bvvrh3qhw0xfa', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', 'BlueDart', 'T1', '2026-12-03 12:07:37.60544+00', '', NULL, 0, '', 3);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwv4hh2382wxyjza612b0c', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'DELIVERED', '2026-12-03 12:07:37.777169+00', '2026-12-03 12:07:37.964669+00', 'stamp_01m8xwv4hh2382wxykp1f34j44', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', 'BlueDart', 'T2', '2026-12-03 12:07:37.964669+00', '', NULL, 0, '', 3);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwv4s34znt5yxaj3qv29ze', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'DELIVERED', '2026-12-03 12:07:38.019928+00', '2026-12-03 12:07:38.141526+00', 'stamp_01m8xwv4s34znt5yxb24cd9fg7', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', 'BlueDart', 'T3', '2026-12-03 12:07:38.141526+00', '', NULL, 0, '', 3);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwv4ykj3hzrv24yawseje7', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'FAILED', '2026-12-03 12:07:38.195394+00', '2026-12-03 12:07:38.292575+00', 'stamp_01m8xwv4ykj3hzrv25jv26nxet', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, 'PORTAL_DOWN', 'down', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwv558ac9cehx3yhxrzcm5', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'CANCELLED', '2026-12-03 12:07:38.408741+00', '2026-12-03 12:07:38.448091+00', 'stamp_01m8xwv558ac9cehx4qh0jvm4p', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, 'customer asked', '2026-12-03 12:07:38.448091+00', 1000, 'INITIATED', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwv8tsj1912tsqx2bhv9w3', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:42.169693+00', '2026-12-03 12:07:42.200044+00', 'stamp_01m8xwv8tsj1912tsrjt1bep88', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwv8ym0w1zdc7e26mgns3p', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:42.292148+00', '2026-12-03 12:07:42.405312+00', 'stamp_01m8xwv8ym0w1zdc7enzhn0tcp', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvakmpwc444dv0sk4v7ag', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:43.988646+00', '2026-12-03 12:07:44.153893+00', 'stamp_01m8xwvakmpwc444dvpxjh3b1e', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvasj2121dv4yz73fvvma', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:44.178185+00', '2026-12-03 12:07:44.28105+00', 'stamp_01m8xwvasj2121dv4zs80sfb70', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvaxgb3yr1s7pm391p0th', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:44.304667+00', '2026-12-03 12:07:44.381763+00', 'stamp_01m8xwvaxgb3yr1s7ptgvs5vdy', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvb2m0k43eafrqzwpvnab', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:44.468281+00', '2026-12-03 12:07:44.541439+00', 'stamp_01m8xwvb2m0k43eafs1736ww65', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvb5x7qmb5n1enmr9cmw4', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:44.573818+00', '2026-12-03 12:07:44.792879+00', 'stamp_01m8xwvb5x7qmb5n1fe4e4n3qq', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvbdtjdzk6erfbp18mq8w', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:44.826524+00', '2026-12-03 12:07:44.87862+00', 'stamp_01m8xwvbdtjdzk6erfsz9v39vj', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvbgqekefys4hwa1m7j9a', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:44.919074+00', '2026-12-03 12:07:45.051765+00', 'stamp_01m8xwvbgqekefys4hx6kpqcsh', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvbq2rh0800t6sz5vww7t', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:45.1222+00', '2026-12-03 12:07:45.222138+00', 'stamp_01m8xwvbq2rh0800t6vwxr6tgx', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvbwc2vzd18bayq44zta9', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:45.292595+00', '2026-12-03 12:07:45.355729+00', 'stamp_01m8xwvbwc2vzd18bb3yf6sqvg', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);
INSERT INTO s_0a11861.orders VALUES ('order_01m8xwvc3msppgem5k0g54n1m0', 'acct_01m8xwv22byb6rxrx9evneyaw1', 'COMPLETED', '2026-12-03 12:07:45.524055+00', '2026-12-03 12:07:45.607254+00', 'stamp_01m8xwvc3msppgem5kx41pydra', 'Assam', 1000, 'AS-RG-4', 'SHCIL', true, '', '', '', '', NULL, '', NULL, 0, '', 2);


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--

INSERT INTO s_0a11861.schema_migrations VALUES (1, '2026-12-03 12:07:35.071711+00');
INSERT INTO s_0a11861.schema_migrations VALUES (2, '2026-12-03 12:07:35.071711+00');
INSERT INTO s_0a11861.schema_migrations VALUES (3, '2026-12-03 12:07:35.071711+00');
INSERT INTO s_0a11861.schema_migrations VALUES (4, '2026-12-03 12:07:35.071711+00');


--
-- Data for Name: users; Type: TABLE DATA; Schema: s_0a11861; Owner: -
--



--
-- Name: accounts accounts_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);


--
-- Name: api_keys api_keys_hash_key; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.api_keys
    ADD CONSTRAINT api_keys_hash_key UNIQUE (hash);


--
-- Name: api_keys api_keys_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);


--
-- Name: attempts attempts_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.attempts
    ADD CONSTRAINT attempts_pkey PRIMARY KEY (id);


--
-- Name: dashboard_sessions dashboard_sessions_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.dashboard_sessions
    ADD CONSTRAINT dashboard_sessions_pkey PRIMARY KEY (token_hash);


--
-- Name: deliveries deliveries_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (id);


--
-- Name: endpoints endpoints_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.endpoints
    ADD CONSTRAINT endpoints_pkey PRIMARY KEY (id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (account_id, key);


--
-- Name: listen_sessions listen_sessions_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.listen_sessions
    ADD CONSTRAINT listen_sessions_pkey PRIMARY KEY (id);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: s_0a11861; Owner: -
--

ALTER TABLE ONLY s_0a11861.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: api_keys_account; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX api_keys_account ON s_0a11861.api_keys USING btree (account_id, id);


--
-- Name: attempts_delivery; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX attempts_delivery ON s_0a11861.attempts USING btree (delivery_id, number);


--
-- Name: attempts_endpoint; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX attempts_endpoint ON s_0a11861.attempts USING btree (endpoint_id, started_at);


--
-- Name: dashboard_sessions_expires; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX dashboard_sessions_expires ON s_0a11861.dashboard_sessions USING btree (expires_at);


--
-- Name: dashboard_sessions_user; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX dashboard_sessions_user ON s_0a11861.dashboard_sessions USING btree (user_id);


--
-- Name: deliveries_account; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX deliveries_account ON s_0a11861.deliveries USING btree (account_id, id);


--
-- Name: deliveries_endpoint; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX deliveries_endpoint ON s_0a11861.deliveries USING btree (endpoint_id, id);


--
-- Name: deliveries_endpoint_due; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX deliveries_endpoint_due ON s_0a11861.deliveries USING btree (endpoint_id, due_at) WHERE (due_at IS NOT NULL);


--
-- Name: deliveries_event; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX deliveries_event ON s_0a11861.deliveries USING btree (event_id);


--
-- Name: endpoints_account; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX endpoints_account ON s_0a11861.endpoints USING btree (account_id, id);


--
-- Name: events_account; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX events_account ON s_0a11861.events USING btree (account_id, id);


--
-- Name: events_order; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX events_order ON s_0a11861.events USING btree (order_id, id);


--
-- Name: idempotency_keys_created; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX idempotency_keys_created ON s_0a11861.idempotency_keys USING btree (created_at);


--
-- Name: listen_sessions_account; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX listen_sessions_account ON s_0a11861.listen_sessions USING btree (account_id, id);


--
-- Name: orders_account; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX orders_account ON s_0a11861.orders USING btree (account_id, id);


--
-- Name: orders_account_status; Type: INDEX; Schema: s_0a11861; Owner: -
--

CREATE INDEX orders_account_status ON s_0a11861.orders USING btree (account_id, status, id);


--
-- PostgreSQL database dump complete
--

\unrestrict 3o0r9bHIwAraBwcc3f2rwXkFEEbSWbpXShTgmiFM0VKnzObEiiew0lAVqDEYPWI

