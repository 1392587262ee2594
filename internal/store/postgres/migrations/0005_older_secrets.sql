-- A second rotation within the first one's 24-hour overlap keeps the first
-- retired secret valid until its own expiry: the secrets retired before
-- previous_secret, with their expiries, as a JSON array ('' when none).
ALTER TABLE endpoints ADD COLUMN IF NOT EXISTS older_secrets TEXT NOT NULL DEFAULT '';
