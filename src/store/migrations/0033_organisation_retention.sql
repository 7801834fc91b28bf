-- How long an organisation keeps conversations after they close, set by an admin (Admin →
-- Retention). NULL follows the server's default (TAGTEAM_RETENTION_DAYS); 0 keeps them for good.
ALTER TABLE organisations
  ADD COLUMN retention_days integer CHECK (retention_days IS NULL OR retention_days BETWEEN 0 AND 36500);
