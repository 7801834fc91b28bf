-- Whose receiver a delivery cursor's "failing" is about. A processor (the reply webhook, the alert
-- webhook, Chatwoot) walks every organisation's events, but since migrations 0056 and 0059 each
-- organisation may have its own receiver: the last error names its outlet and conversation, so
-- GET /admin/deliveries shows it in full only to that organisation's admins. NULL: written before
-- this column (shown to nobody in full), or not failing.
ALTER TABLE delivery_cursors ADD COLUMN failing_org_id uuid;
