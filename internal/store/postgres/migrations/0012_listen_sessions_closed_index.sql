-- Each call of the retention's prune (every batch of a catch-up, and every
-- --maintenance-interval) removes the listen sessions closed before its
-- cutoff (qPruneListenSessions). Without an index it read every session
-- row, the retention's whole history of them. Open sessions have no row
-- here.
CREATE INDEX IF NOT EXISTS listen_sessions_closed ON listen_sessions (closed_at)
 WHERE closed_at IS NOT NULL;
