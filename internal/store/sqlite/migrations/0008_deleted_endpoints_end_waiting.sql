-- Deleting an endpoint now ends its waiting deliveries as failed (they are
-- never sent). Deliveries of endpoints deleted before this release were
-- left pending or retrying: end them the same way, once.
UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, due_at = NULL, lease_owner = NULL,
    last_error = 'not sent: the webhook endpoint was deleted',
    updated_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000000
WHERE status IN ('pending', 'retrying')
  AND endpoint_id IN (SELECT id FROM endpoints WHERE deleted_at IS NOT NULL);
