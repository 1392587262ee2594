-- One attempt per (delivery, number). An instance paused past its lease
-- could record a late success for an attempt number that another instance
-- had sent and recorded again: the log then listed one attempt more than
-- the delivery counts. Such pairs keep their succeeded attempt (else the
-- first); the index then makes the recorder replace a failed attempt by a
-- late success of the same number, and ignore anything else, also when the
-- two instances record at the same moment.
DELETE FROM attempts a USING attempts b
WHERE b.delivery_id = a.delivery_id AND b.number = a.number AND b.id <> a.id
    AND (a.succeeded < b.succeeded OR (a.succeeded = b.succeeded AND a.id > b.id));
DROP INDEX attempts_delivery;
CREATE UNIQUE INDEX attempts_delivery ON attempts (delivery_id, number);
