-- Loop 3, the team's numbers (GET /numbers) and the customer's after-chat survey.

-- First-contact resolution asks whether a closed conversation was ever reopened. Until now only the
-- event log said so (`conversation.reopened`), and it is pruned after TAGTEAM_EVENT_RETENTION_DAYS.
-- The message append counts reopenings from now on (in the statement that reopens, under the row's
-- lock); the ones the event log still holds are counted here. The column is in no index, so the
-- append's updates stay HOT (see 0007).
ALTER TABLE conversations ADD COLUMN reopened_count integer NOT NULL DEFAULT 0 CHECK (reopened_count >= 0);
UPDATE conversations c
   SET reopened_count = r.n
  FROM (SELECT org_id, conversation_id, count(*)::int AS n
          FROM events
         WHERE type = 'conversation.reopened' AND conversation_id IS NOT NULL
         GROUP BY org_id, conversation_id) r
 WHERE c.org_id = r.org_id AND c.id = r.conversation_id;

-- What the customer said about the conversation once it ended: a few tags they tapped (none: they
-- chose to skip). One answer per conversation, the first (a repeat changes nothing); from the
-- built-in chat (by the customer's token) or from a helpdesk (POST /surveys with an ingest token).
-- Only counts leave this table: no route shows one conversation's answer to anyone.
CREATE TABLE survey_answers (
  conversation_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  team_id uuid NOT NULL,
  tags text[] NOT NULL DEFAULT '{}'
    CHECK (tags <@ ARRAY['felt_heard', 'agent_empathy', 'problem_solved', 'quick',
                         'had_to_repeat', 'not_solved', 'too_slow']::text[]),
  source text NOT NULL CHECK (source IN ('chat', 'ingest')),
  answered_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE
);
CREATE INDEX survey_answers_team ON survey_answers (team_id, answered_at);
