-- Claims visit endpoints with due work and take each one's oldest due
-- deliveries (a seek per endpoint), instead of reading the global due_at
-- order and filtering out endpoints whose queues are full, which read every
-- due row of a backlogged endpoint on each claim. The old index goes: every
-- delivery write maintained it, and nothing needs it any more.
CREATE INDEX IF NOT EXISTS deliveries_endpoint_due ON deliveries(endpoint_id, due_at) WHERE due_at IS NOT NULL;
DROP INDEX IF EXISTS deliveries_due;
