-- Deliveries: the outbound integrations (the alert webhook, Chatwoot notes) follow the event log
-- with a cursor each instead of acting once, in memory, after COMMIT; see src/store/deliveries.ts.

-- One row per processor (not per organisation: an integration is configured for the whole server,
-- and it walks every organisation's events in id order, like the realtime fan-out does). The
-- instance delivering holds a lease (leased_by until lease_expires_at), so several instances on
-- one PostgreSQL never deliver the same events at once.
CREATE TABLE delivery_cursors (
  processor text PRIMARY KEY CHECK (length(processor) BETWEEN 1 AND 100),
  -- Every event with an id up to this one has been delivered (or dead-lettered).
  last_event_id bigint NOT NULL CHECK (last_event_id >= 0),
  leased_by text CHECK (length(leased_by) <= 100),
  lease_expires_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Dead letters: events a processor gave up on (a permanent refusal, or every retry failed). The
-- cursor moved past them; an admin can send one again (POST /admin/deliveries/:id/retry).
CREATE TABLE delivery_failures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  processor text NOT NULL CHECK (length(processor) BETWEEN 1 AND 100),
  event_id bigint NOT NULL,
  attempts integer NOT NULL CHECK (attempts >= 1),
  last_error text NOT NULL CHECK (length(last_error) <= 1000),
  first_failed_at timestamptz NOT NULL DEFAULT now(),
  last_failed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (processor, event_id)
);
CREATE INDEX delivery_failures_recent ON delivery_failures (org_id, last_failed_at DESC);
