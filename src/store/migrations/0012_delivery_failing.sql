-- Deliveries that keep an event while it is still useful (src/server/integrations/deliveries.ts).

-- While a processor's receiver fails, its cursor row says so, for admins on any instance: since
-- when, the last error, and when the next attempt is due (null: with the next event). Cleared
-- when the receiver answers again.
ALTER TABLE delivery_cursors
  ADD COLUMN failing_since timestamptz,
  ADD COLUMN last_error text CHECK (length(last_error) <= 1000),
  ADD COLUMN next_attempt_at timestamptz;

-- An event already older than its processor's max age when its turn came is dead-lettered without
-- being posted: zero attempts.
ALTER TABLE delivery_failures DROP CONSTRAINT delivery_failures_attempts_check;
ALTER TABLE delivery_failures ADD CONSTRAINT delivery_failures_attempts_check CHECK (attempts >= 0);
