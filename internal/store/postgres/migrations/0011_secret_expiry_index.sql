-- Each maintenance pass erases the retired signing secrets whose overlap
-- has ended (qEraseExpiredSecrets). Without an index it read every
-- endpoint row to find the few rotated in the last day, every 30 s, and on
-- SQLite inside the write transaction deliveries wait for. Only endpoints
-- with a retired secret still held have a row here.
CREATE INDEX IF NOT EXISTS endpoints_previous_secret_expires ON endpoints (previous_secret_expires_at)
 WHERE previous_secret_expires_at IS NOT NULL;
