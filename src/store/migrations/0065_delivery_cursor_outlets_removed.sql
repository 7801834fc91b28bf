-- When the last organisation's own outlet of a processor's kind (reply webhook, alert webhook,
-- Chatwoot) was removed, on a server without settings of its own for it. The instance running the
-- processor forgets its cursor once it has nothing in hand (at its next check of the outlets), so
-- a later set-up starts at the newest event; this mark makes that survive a restart before the
-- check: a start that finds it forgets the cursor too. Cleared when an outlet of that kind is
-- wanted again before the cursor was forgotten. NULL: the cursor is kept (a server's own settings
-- turned off carry on from where they stopped when turned on again).
ALTER TABLE delivery_cursors ADD COLUMN outlets_removed_at timestamptz;
