-- A knowledge gap's stored keys (topic, question_key) say which derivation wrote them by the
-- fingerprint of the engine's code that derives them (src/server/loop2/gapKeysDerivation.ts), not
-- by a number someone had to bump by hand: a change to the key functions or their word lists that
-- nobody bumped for left old gaps keyed the old way, apart from new askings of the same question.
-- '' (every row before this): derive again at the next start. Compared as < or > so the index
-- finds the rows of another derivation without reading the rest.
ALTER TABLE knowledge_gaps ADD COLUMN keys_derivation text NOT NULL DEFAULT '';
DROP INDEX knowledge_gaps_keys_version;
ALTER TABLE knowledge_gaps DROP COLUMN keys_version;
CREATE INDEX knowledge_gaps_keys_derivation ON knowledge_gaps (keys_derivation);

-- Publishing a fact finds the open gaps it may answer by their topic's words (all of them among the
-- fact's words), then every open gap asking the same questions by key, instead of reading up to
-- 5,000 of the team's open gaps and matching each in the request.
CREATE INDEX knowledge_gaps_open_topic_words ON knowledge_gaps USING gin (string_to_array(topic, ' '))
  WHERE status = 'open';
CREATE INDEX knowledge_gaps_open_question ON knowledge_gaps (org_id, team_id, question_key)
  WHERE status = 'open';
