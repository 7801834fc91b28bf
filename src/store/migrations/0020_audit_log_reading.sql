-- Admins read the audit log (GET /audit): newest first, by time then id, a page at a time, filtered
-- by action (exact or a prefix such as 'person.'), by who did it, by what it was done to, and by a
-- time range. Each index below is walked in the page's order for its filter, so a page reads about
-- as many entries as it shows however long the log grows, instead of every entry of the
-- organisation (audit_log_org, (org_id, id), left the time range, the action and the actor to a
-- filter over all of them; it had no other reader and is replaced by audit_log_recent).
-- The action is indexed byte-wise (COLLATE "C") so a prefix is a plain range whatever the
-- database's collation; the reads compare it the same way.
DROP INDEX audit_log_org;
CREATE INDEX audit_log_recent ON audit_log (org_id, created_at, id);
CREATE INDEX audit_log_action ON audit_log (org_id, action COLLATE "C", created_at, id);
-- The system's entries (most of them: expiries, withdrawals) have no actor.
CREATE INDEX audit_log_actor ON audit_log (org_id, actor_id, created_at, id) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_log_target ON audit_log (org_id, target_type, target_id, created_at, id);
