-- Loop 2, after the conversation (issue 5): debriefs, feedback, journals, insights, QA scorecards,
-- knowledge gaps and commitment reminders. Valid on PostgreSQL 15 and PGlite. Every table carries
-- org_id and every repository read filters on it; privacy (who may read what) is decided by the
-- server's loop-2 policies, and the columns here are what those policies need (author, receiver,
-- person, team).

-- One two-minute card per participant of a conversation that had a step-in (agent and helpers).
-- `draft` keeps what the engine pre-filled, so an edited card can still be compared with it.
CREATE TABLE debriefs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  person_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('agent', 'helper')),
  went_well text[] NOT NULL DEFAULT '{}',
  tricky text[] NOT NULL DEFAULT '{}',
  try_next text NOT NULL DEFAULT '' CHECK (length(try_next) <= 2000),
  draft jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'saved')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, person_id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);
CREATE INDEX debriefs_person ON debriefs (org_id, person_id, created_at DESC);
CREATE INDEX debriefs_team ON debriefs (org_id, team_id, created_at DESC);

-- Feedback from one teammate to another: private to the two of them.
CREATE TABLE feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  author_id uuid NOT NULL,
  receiver_id uuid NOT NULL,
  conversation_id uuid,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  -- The checker's verdict when it was sent (flags, score), kept so the writer can see it later.
  check_result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  CHECK (author_id <> receiver_id),
  FOREIGN KEY (org_id, author_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, receiver_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE SET NULL (conversation_id)
);
CREATE INDEX feedback_receiver ON feedback (org_id, receiver_id, created_at DESC);
CREATE INDEX feedback_author ON feedback (org_id, author_id, created_at DESC);

CREATE TABLE feedback_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  feedback_id uuid NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
  author_id uuid NOT NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, author_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);
CREATE INDEX feedback_replies_feedback ON feedback_replies (feedback_id, created_at);

-- The self-reflection journal: readable by its author and nobody else (not even an admin).
CREATE TABLE journal_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  author_id uuid NOT NULL,
  conversation_id uuid,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, author_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE SET NULL (conversation_id)
);
CREATE INDEX journal_entries_author ON journal_entries (org_id, author_id, created_at DESC);

-- "Customers were confused by X; Y worked": drafted from a conversation, reviewed by a lead.
-- key/value/unit, when given, make the published insight a fact the engine checks claims against.
CREATE TABLE insights (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  conversation_id uuid,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  topic text CHECK (topic IS NULL OR length(topic) BETWEEN 1 AND 200),
  key text CHECK (key IS NULL OR length(key) BETWEEN 1 AND 200),
  value jsonb,
  unit text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'rejected')),
  fact_id uuid REFERENCES knowledge_facts (id) ON DELETE SET NULL,
  created_by uuid,
  reviewed_by uuid,
  reviewed_at timestamptz,
  review_note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE SET NULL (conversation_id),
  FOREIGN KEY (org_id, created_by) REFERENCES people (org_id, id),
  FOREIGN KEY (org_id, reviewed_by) REFERENCES people (org_id, id)
);
CREATE INDEX insights_team ON insights (org_id, team_id, status, created_at DESC);

-- KB search: full-text over published facts and insights (English stemming).
CREATE INDEX insights_search ON insights USING gin (to_tsvector('english'::regconfig, coalesce(topic, '') || ' ' || text));
CREATE INDEX knowledge_facts_search ON knowledge_facts
  USING gin (to_tsvector('english'::regconfig, coalesce(topic, '') || ' ' || coalesce(key, '') || ' ' || statement));

-- The QA scorecard, one per closed conversation: the engine's (auto) and a lead's override.
CREATE TABLE scorecards (
  conversation_id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  agent_id uuid,
  auto jsonb NOT NULL,
  auto_overall real,
  -- { item: score } for the items the lead changed; null until reviewed.
  override jsonb,
  override_overall real,
  review_note text,
  reviewed_by uuid,
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, agent_id) REFERENCES people (org_id, id) ON DELETE SET NULL (agent_id),
  FOREIGN KEY (org_id, reviewed_by) REFERENCES people (org_id, id)
);
CREATE INDEX scorecards_team ON scorecards (org_id, team_id, created_at DESC);

-- Questions agents could not answer, for the KB owner.
CREATE TABLE knowledge_gaps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  question text NOT NULL CHECK (length(question) BETWEEN 1 AND 4000),
  question_index integer NOT NULL CHECK (question_index >= 0),
  topic text NOT NULL,
  reason text NOT NULL
    CHECK (reason IN ('hedged', 'vague', 'deferred_without_follow_up', 'unanswered', 'asked_again')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, question_index, reason),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE
);
CREATE INDEX knowledge_gaps_team ON knowledge_gaps (org_id, team_id, status, created_at DESC);

-- One reminder per commitment and kind, so a restart or a second instance never repeats it.
CREATE TABLE commitment_reminders (
  commitment_id uuid NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('due', 'overdue')),
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (commitment_id, kind)
);
