-- Incident surge (loop 1, "also live"): many customers of one team reporting the same malfunction
-- at once become one incident the whole team sees, with a draft knowledge insight (the stub) for
-- the KB owner. Reports are counted per team and subject (a stem such as "checkout", or an error
-- code) over a sliding window; see src/store/incidents.ts.

CREATE TABLE incident_reports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL,
  team_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  message_id uuid NOT NULL,
  term text NOT NULL CHECK (length(term) BETWEEN 1 AND 100),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  phrase text NOT NULL CHECK (length(phrase) <= 200),
  reported_at timestamptz NOT NULL,
  UNIQUE (message_id, term),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE
);
CREATE INDEX incident_reports_window ON incident_reports (team_id, term, reported_at);

CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  team_id uuid NOT NULL,
  -- The subjects it is counted by; the first opened it, later ones joined as other wordings of it.
  terms text[] NOT NULL CHECK (cardinality(terms) BETWEEN 1 AND 20),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  -- One customer's words about it (the first report's).
  example text NOT NULL CHECK (length(example) <= 200),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  conversation_count integer NOT NULL CHECK (conversation_count >= 0),
  opened_at timestamptz NOT NULL,
  last_report_at timestamptz NOT NULL,
  insight_id uuid REFERENCES insights (id) ON DELETE SET NULL,
  resolved_at timestamptz,
  -- NULL with resolved_at set: resolved by the sweeper after a quiet spell.
  resolved_by uuid,
  resolution_note text CHECK (resolution_note IS NULL OR length(resolution_note) <= 1000),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, resolved_by) REFERENCES people (org_id, id)
);
CREATE INDEX incidents_team ON incidents (org_id, team_id, status, opened_at DESC);
CREATE INDEX incidents_open ON incidents (last_report_at) WHERE status = 'open';
-- One incident can only be opened per team and subject at a time, whichever instance sees it first.
CREATE UNIQUE INDEX incidents_open_subject ON incidents (team_id, (terms[1])) WHERE status = 'open';

-- The conversations an incident counts, each once, with its first report: a growing incident is
-- counted by inserting its new conversations here, never by re-reading every report in the window.
CREATE TABLE incident_conversations (
  incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL,
  org_id uuid NOT NULL,
  phrase text NOT NULL CHECK (length(phrase) <= 200),
  reported_at timestamptz NOT NULL,
  PRIMARY KEY (incident_id, conversation_id),
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE
);
