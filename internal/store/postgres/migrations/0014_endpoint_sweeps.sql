-- A status change of an endpoint (disabled, enabled, deleted) no longer
-- parks, resumes or ends its waiting deliveries in its own transaction:
-- that was one statement over the whole backlog, 9-19 s for 300,000 and
-- past the API's 20 s deadline for a million, which rolled the change
-- back. It sets the endpoint's sweep mark instead, and the sweep works
-- through the backlog in chunks after the commit (status_sweep.go). The
-- mark stays until the sweep is done, so a sweep that an instance's crash
-- stopped is finished by another. Marks come from a sequence and never
-- repeat: a sweep that reads a new mark knows the status changed under it.
ALTER TABLE endpoints ADD COLUMN sweep bigint NOT NULL DEFAULT 0;
CREATE SEQUENCE endpoint_sweeps;
