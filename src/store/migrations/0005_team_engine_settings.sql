-- A team's engine overrides (thresholds, cooldown, hours), as an admin saved them; the server
-- merges them onto the engine's defaults with resolveEngineConfig, which validates them.
CREATE TABLE team_engine_settings (
  team_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  overrides jsonb NOT NULL DEFAULT '{}',
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE
);
