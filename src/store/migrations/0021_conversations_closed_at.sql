-- Retention (TAGTEAM_RETENTION_DAYS) erases conversations closed longer ago than the period, oldest
-- close first, a batch each sweep: this index holds only the closed ones, by when they closed, so a
-- sweep reads the few it erases rather than every closed conversation. Open conversations, which
-- every message updates, are not in it (their status and closed_at do not change there, so those
-- updates stay HOT).
CREATE INDEX conversations_closed_at ON conversations (closed_at) WHERE status = 'closed';
