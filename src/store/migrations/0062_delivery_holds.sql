-- One organisation's failing receiver no longer holds up the others. A processor (the reply
-- webhook, the alert webhook, Chatwoot) walks every organisation's events with one cursor; when an
-- organisation's own receiver (set on Admin → Integrations) fails, the cursor passes its event and
-- the organisation's events from it on wait here instead, retried in order by the same loop under
-- the cursor's lease, while the others' are delivered. `from_event_id`: the first of its events not
-- yet dealt with (every one of its events of that processor from there up to the cursor waits).
-- The server-wide receivers (TAGTEAM_*_URL) keep the one queue, as before.
CREATE TABLE delivery_holds (
  processor text NOT NULL,
  org_id uuid NOT NULL,
  from_event_id bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  failing_since timestamptz,
  last_error text,
  next_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (processor, org_id)
);
