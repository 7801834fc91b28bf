-- Loop 3, mentorship: a lead records that one teammate will help another with a skill (optionally
-- within a topic), and later ends it. Both people see it on their skill map. A pairing never joins
-- a person to themself; one skill (and topic) of a mentee has at most one pairing in force; how
-- many people one mentor takes on is the server's rule (src/server/skills/), not the table's.
CREATE TABLE mentorship_pairings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  mentor_id uuid NOT NULL,
  mentee_id uuid NOT NULL,
  skill text NOT NULL CHECK (skill ~ '^[a-z][a-z_]{0,62}$'),
  -- NULL: the skill in every topic.
  topic text CHECK (length(topic) BETWEEN 1 AND 200),
  -- Why it was suggested, as the lead saw it when agreeing ("Ben's conversations about billing …").
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  ended_by uuid,
  CHECK (mentor_id <> mentee_id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, mentor_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, mentee_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, created_by) REFERENCES people (org_id, id) ON DELETE SET NULL (created_by),
  FOREIGN KEY (org_id, ended_by) REFERENCES people (org_id, id) ON DELETE SET NULL (ended_by)
);
CREATE UNIQUE INDEX mentorship_pairings_in_force
  ON mentorship_pairings (team_id, mentee_id, skill, COALESCE(topic, ''))
  WHERE ended_at IS NULL;
CREATE INDEX mentorship_pairings_team ON mentorship_pairings (org_id, team_id, created_at DESC);
CREATE INDEX mentorship_pairings_mentor ON mentorship_pairings (mentor_id) WHERE ended_at IS NULL;
CREATE INDEX mentorship_pairings_mentee ON mentorship_pairings (mentee_id) WHERE ended_at IS NULL;
