-- Whether someone has tagteam open right now: each server's realtime hub extends this, once a
-- heartbeat, for the people with a signed-in page connected to it, and ends it when their last
-- page there closes. Routing prefers a teammate who is present: an alert for someone whose
-- "available" is left over from yesterday would wait unseen until it expires.
ALTER TABLE people ADD COLUMN present_until timestamptz;
