-- Loop 3, role-play drills: practice scenarios built from a team's real hard conversations, and the
-- drill sessions teammates run against them. Valid on PostgreSQL 15 and PGlite. A scenario holds an
-- anonymised copy of the customer's side only (no agent lines, no names): it outlives its source
-- conversation (erased or swept by retention), which is why the link to it is SET NULL.
CREATE TABLE practice_scenarios (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  source_conversation_id uuid,
  created_by uuid,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  topic text,
  -- { mood, wants, askedTimes, threats, summary }: written from the source's analyses.
  persona jsonb NOT NULL,
  root_cause text,
  good_reply text[] NOT NULL DEFAULT '{}',
  -- [{ text, frustration, angry }], in the order the customer wrote them, redacted.
  customer_lines jsonb NOT NULL,
  closing text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, source_conversation_id) REFERENCES conversations (org_id, id)
    ON DELETE SET NULL (source_conversation_id),
  FOREIGN KEY (org_id, created_by) REFERENCES people (org_id, id) ON DELETE SET NULL (created_by)
);
-- One scenario per source conversation (a second "make it a scenario" is a conflict, not a copy).
CREATE UNIQUE INDEX practice_scenarios_source ON practice_scenarios (org_id, source_conversation_id)
  WHERE source_conversation_id IS NOT NULL;
CREATE INDEX practice_scenarios_team ON practice_scenarios (org_id, team_id, created_at DESC);

-- One trainee's drill: the transcript with the engine's reading of each reply, the summary score,
-- and a lead's comment. Private to the trainee and the team's leads (server policy).
CREATE TABLE practice_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  scenario_id uuid NOT NULL,
  trainee_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'satisfied', 'walked_away', 'max_turns', 'ended')),
  -- The trainee's replies as typed: the transcript is derived from them (same replies, same drill).
  replies text[] NOT NULL DEFAULT '{}',
  turns jsonb NOT NULL,
  score jsonb,
  overall real,
  review_comment text CHECK (length(review_comment) BETWEEN 1 AND 2000),
  review_check jsonb,
  reviewed_by uuid,
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, scenario_id) REFERENCES practice_scenarios (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, trainee_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, reviewed_by) REFERENCES people (org_id, id) ON DELETE SET NULL (reviewed_by)
);
CREATE INDEX practice_sessions_trainee ON practice_sessions (org_id, trainee_id, created_at DESC);
CREATE INDEX practice_sessions_team ON practice_sessions (org_id, team_id, created_at DESC);
