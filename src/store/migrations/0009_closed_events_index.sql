-- Loop 2 follows the event log for `conversation.closed` (findClosedConversationEventsAfter) every
-- few seconds. Without an index of its own, that walks every event after the cursor (alerts,
-- escalations, commitments…) to find the few closings: on a busy floor, tens of milliseconds per
-- poll, during which PGlite writes nothing else. This partial index holds only the closings, so a
-- poll reads just them; other events pay nothing to maintain it.
CREATE INDEX events_closed_conversations ON events (id) WHERE type = 'conversation.closed';
