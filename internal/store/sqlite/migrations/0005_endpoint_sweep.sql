-- Parking or un-parking an endpoint's deliveries after its status changes
-- runs in chunks (a million-row UPDATE in one transaction held the writer
-- for seconds and its savepoint journal in memory). sweep is the number of
-- the status change whose chunks are still to run, 0 when none: a process
-- that dies midway finishes the job when the store is opened again.
ALTER TABLE endpoints ADD COLUMN sweep INTEGER NOT NULL DEFAULT 0;
