-- Loop 2 scores a conversation again when a customer reopened it and it closed again. What a
-- scorecard covers, so that happens once per close and only when there is something new:
--   scored_messages  how many of the conversation's customer-visible messages it scored (null:
--                    scored before this migration, not known);
--   scored_close_at  the conversation's closed_at it was scored for (null: not known, or a message
--                    arrived while it was being scored); the startup sweep looks again at a closed
--                    conversation whose close differs (closed again, and no instance processed it);
--   rescored_at      when tagteam last changed its automatic scores after the first time (null:
--                    never); a lead's review older than it is shown as re-scored after review.
ALTER TABLE scorecards
  ADD COLUMN scored_messages integer CHECK (scored_messages >= 0),
  ADD COLUMN scored_close_at timestamptz,
  ADD COLUMN rescored_at timestamptz;

-- A scorecard made after its conversation's latest close covers that close.
UPDATE scorecards s SET scored_close_at = c.closed_at
FROM conversations c
WHERE c.org_id = s.org_id AND c.id = s.conversation_id AND c.status = 'closed'
  AND s.created_at >= c.closed_at;

-- One made before it belongs to a conversation closed again since (before this migration the
-- second close was ignored), or to a close the sender dated a little ahead of the server's clock.
-- The sweep looks at these again; the messages that existed when the card was made tell the two
-- apart (new messages: re-scored; none: only the close is recorded).
UPDATE scorecards s SET scored_messages = (
    SELECT count(*) FROM messages m
    WHERE m.org_id = s.org_id AND m.conversation_id = s.conversation_id AND m.kind = 'message'
      AND m.created_at <= s.created_at
  )
FROM conversations c
WHERE c.org_id = s.org_id AND c.id = s.conversation_id AND c.status = 'closed'
  AND s.created_at < c.closed_at;
