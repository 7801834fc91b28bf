-- A knowledge gap keeps the key of its question (which wordings are the same question, the engine's
-- questionKey): closing a conversation finds the fact that answered the same question before by it,
-- through an index of the answered gaps, instead of reading up to 5,000 of the team's answered gaps
-- and keying each one. keys_version: the derivation of topic and question_key a row holds (0: the
-- topic as first written, no question key); the server derives older rows' keys again when it
-- starts (a topic written before redaction placeholders were left out of key words held "address"
-- for "[ADDRESS]", and grouped with address questions in huddles).
ALTER TABLE knowledge_gaps
  ADD COLUMN question_key text,
  ADD COLUMN keys_version smallint NOT NULL DEFAULT 0;
CREATE INDEX knowledge_gaps_answered_question ON knowledge_gaps (org_id, team_id, question_key, created_at DESC)
  WHERE answered_by_fact_id IS NOT NULL;
CREATE INDEX knowledge_gaps_keys_version ON knowledge_gaps (keys_version);
