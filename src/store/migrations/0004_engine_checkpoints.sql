-- Engine-state checkpoints: the ingest path no longer writes each conversation's engine state
-- (about 2 KB of JSON) on every group. It writes a checkpoint every few messages, with the
-- position of the last message the state includes; after a restart the analysed messages past
-- that position are replayed through the (deterministic) engine. States saved before this
-- migration were saved on every group, so they include every analysed message.

ALTER TABLE conversations ADD COLUMN engine_state_position integer;

UPDATE conversations c
SET engine_state_position = (SELECT max(a.message_index) FROM analyses a WHERE a.conversation_id = c.id)
WHERE c.engine_state IS NOT NULL;
