-- Every ingest group rewrites the row of each conversation it touches (message count, latest
-- readings). An update whose changed columns are in no index, landing on a page with room, is a
-- HOT update: no new index entries, and the old version is pruned when the page is next read,
-- without VACUUM (PGlite runs no autovacuum). Two changes make the hot path HOT:
--  * the floor index no longer contains risk (it changed on nearly every message, so every update
--    added an entry to all six indexes); a team's open conversations are few enough to sort;
--  * pages are left half empty, so the new version fits beside the old one.
DROP INDEX conversations_floor;
CREATE INDEX conversations_floor ON conversations (org_id, team_id, status);
ALTER TABLE conversations SET (fillfactor = 50);

-- A message's analysis lives in the message's own row: the ingest path writes one row per message
-- (text and analysis together, in the statement that hands out positions) instead of a second row
-- in a second table with its own two indexes. Only analysed messages carry one (whispers and notes
-- are never analysed); the analysis's message index is the message's position.
ALTER TABLE messages ADD COLUMN risk real CHECK (risk >= 0 AND risk <= 1);
ALTER TABLE messages ADD COLUMN rung text
  CHECK (rung IN ('observe', 'signal', 'whisper', 'offer_takeover', 'escalate'));
ALTER TABLE messages ADD COLUMN analysis jsonb;
-- When the analysis was written, if after the message (NULL: together with it).
ALTER TABLE messages ADD COLUMN analysed_at timestamptz;
ALTER TABLE messages ADD CONSTRAINT messages_analysis_complete
  CHECK ((analysis IS NULL) = (risk IS NULL) AND (analysis IS NULL) = (rung IS NULL));
UPDATE messages m
SET risk = a.risk, rung = a.rung, analysis = a.analysis - 'messageIndex', analysed_at = a.created_at
FROM analyses a
WHERE a.message_id = m.id;
DROP TABLE analyses;

CREATE OR REPLACE FUNCTION tagteam_delete_conversation_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM messages WHERE conversation_id = OLD.id;
  RETURN OLD;
END
$$;

-- The engine's checkpoint (~2 kB of JSON) moves out of the conversation's row: the row is rewritten
-- on every ingest group, and with the state inside it only two or three fit on a page, so the new
-- version rarely fit beside the old (no HOT) and every update copied the state again. Checkpoints
-- are written every 50 messages or 60 s, into their own row.
CREATE TABLE conversation_engine_states (
  conversation_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  engine_state jsonb NOT NULL,
  -- The position of the last message the state has seen; NULL for a state saved after every
  -- message (before checkpoints), which is complete.
  position integer,
  saved_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE
);
INSERT INTO conversation_engine_states (conversation_id, org_id, engine_state, position)
SELECT id, org_id, engine_state, engine_state_position FROM conversations WHERE engine_state IS NOT NULL;
ALTER TABLE conversations DROP COLUMN engine_state;
ALTER TABLE conversations DROP COLUMN engine_state_position;
