-- Loop 3 loose ends (employee pulses and pair drills).
--
-- 1. A pulse whose time runs out is announced once (`pulse.closed` to its team's room) by the
--    sweeper. close_announced_at records that its close was announced: set in the transaction that
--    appends the event, by a conditional UPDATE (… WHERE close_announced_at IS NULL … FOR UPDATE SKIP
--    LOCKED), so several instances sweeping one database announce each pulse exactly once. A lead's
--    early close sets it too (its route sends the event), so the sweeper never repeats that one.
ALTER TABLE team_pulses ADD COLUMN close_announced_at timestamptz;
-- Pulses that ended before this migration were dealt with by the version that ran them (an early
-- close sent its event; one that ran out left members' screens on a timer): nothing is announced
-- again, late, after an upgrade.
UPDATE team_pulses SET close_announced_at = COALESCE(closed_early_at, closes_at)
  WHERE closed_early_at IS NOT NULL OR closes_at <= now();
-- What the sweeper reads every pass: the few pulses still to announce, by when they close.
CREATE INDEX team_pulses_close_unannounced ON team_pulses (closes_at) WHERE close_announced_at IS NULL;

-- 2. A pair drill started by "Swap roles" records the finished drill it swaps (swap_of). One swap
--    per drill (a unique index): when both players press "Swap roles" at the same moment, the
--    second insert finds the first's drill instead of making a second one. SET NULL: deleting a
--    drill (its scenario's team or a player erased) leaves the next one standing.
ALTER TABLE practice_sessions ADD COLUMN swap_of uuid REFERENCES practice_sessions (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX practice_sessions_swap_of ON practice_sessions (swap_of) WHERE swap_of IS NOT NULL;
