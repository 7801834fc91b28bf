-- The conversation history (newest first by when each began, paged by the last one shown) reads
-- this index. created_at never changes, so it costs nothing on the message path's updates (which
-- stay HOT: see 0007).
CREATE INDEX conversations_started ON conversations (org_id, created_at DESC, id DESC);
