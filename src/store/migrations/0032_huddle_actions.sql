-- Loop 3, the post-shift huddle: a champion named for one of the day's patterns writes the short
-- procedure update it calls for. One per team, day and pattern (naming another replaces the first).
CREATE TABLE huddle_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  day date NOT NULL,
  pattern text NOT NULL CHECK (length(pattern) BETWEEN 1 AND 200),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  owner_person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  created_by uuid REFERENCES people (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  note text CHECK (note IS NULL OR length(note) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  UNIQUE (org_id, team_id, day, pattern),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE
);
CREATE INDEX huddle_actions_open ON huddle_actions (org_id, team_id, day) WHERE status = 'open';
