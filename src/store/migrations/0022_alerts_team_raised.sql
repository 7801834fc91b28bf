-- How useful a team's alerts have been (GET /alerts/outcomes: raised, acted on, marked not useful,
-- expired, by reason, over the last days) reads a team's alerts by when they were raised. Without
-- this index that read walks every alert ever raised; alerts are written one per raised alert, not
-- per message, so keeping it costs the ingest path little.
CREATE INDEX alerts_team_raised ON alerts (team_id, raised_at);
