-- An admin's "send again" of a dead letter claims it first, in the database, so two admins (on two
-- instances) pressing it at once post it once: the second is told it is being sent already. The
-- claim runs out by itself if the instance that took it stops before answering.
ALTER TABLE delivery_failures ADD COLUMN retrying_until timestamptz;
