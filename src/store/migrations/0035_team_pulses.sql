-- Loop 3, employee pulses (eNPS): a team's lead asks the team's own people, anonymously, how likely
-- they are to recommend working on the team (0–10), with an optional comment. Anonymity is the
-- schema's: who was asked and whether they have answered (team_pulse_invitees) is kept apart from
-- what was answered (team_pulse_answers). An answer has no person, no time and no ordered id (a
-- random uuid), so neither a join, nor an id's order, nor a timestamp ties a score to a person.
-- One open pulse per team is the store's rule (openPulse locks the team's row to check it): "open"
-- depends on the clock, which an index cannot read.
CREATE TABLE team_pulses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id uuid NOT NULL,
  opened_by uuid,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closes_at timestamptz NOT NULL,
  -- A lead closed it before closes_at; NULL: it runs (or ran) its whole course.
  closed_early_at timestamptz,
  closed_early_by uuid,
  -- The team's active members (agents and leads) when it opened: the denominator of "answered".
  invited integer NOT NULL CHECK (invited >= 0),
  CHECK (closes_at > opened_at),
  CHECK (closed_early_at IS NULL OR (closed_early_at >= opened_at AND closed_early_at < closes_at)),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, opened_by) REFERENCES people (org_id, id) ON DELETE SET NULL (opened_by),
  FOREIGN KEY (org_id, closed_early_by) REFERENCES people (org_id, id) ON DELETE SET NULL (closed_early_by)
);
CREATE INDEX team_pulses_team ON team_pulses (org_id, team_id, opened_at DESC);

-- Who was asked, and whether they have answered: never what, nor when.
CREATE TABLE team_pulse_invitees (
  pulse_id uuid NOT NULL REFERENCES team_pulses (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  answered boolean NOT NULL DEFAULT false,
  PRIMARY KEY (pulse_id, person_id)
);
CREATE INDEX team_pulse_invitees_waiting ON team_pulse_invitees (person_id) WHERE NOT answered;

-- What was answered: never who, nor when. The id is random, so its order says nothing either.
CREATE TABLE team_pulse_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pulse_id uuid NOT NULL REFERENCES team_pulses (id) ON DELETE CASCADE,
  score smallint NOT NULL CHECK (score BETWEEN 0 AND 10),
  comment text CHECK (comment IS NULL OR length(comment) BETWEEN 1 AND 1000)
);
CREATE INDEX team_pulse_answers_pulse ON team_pulse_answers (pulse_id);
