-- 90e7e98 took two indexes out of 0001 itself (ids sort by creation time,
-- so pruning finds old rows through the primary key): the databases made
-- before it kept them, and each event and attempt written since has
-- maintained them for nothing. A database made later has neither.
DROP INDEX IF EXISTS events_created;
DROP INDEX IF EXISTS attempts_started;
