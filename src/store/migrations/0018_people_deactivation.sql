-- An admin can deactivate someone who left: they can no longer sign in, their sessions and API
-- tokens stop working, and nobody routes alerts or escalations to them. Their history stays.
-- Reactivating clears it.
ALTER TABLE people ADD COLUMN deactivated_at timestamptz;
