-- A customer may end a chat themself in the built-in chat channel ("End chat" in the widget).
ALTER TABLE conversations DROP CONSTRAINT conversations_closed_reason_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_closed_reason_check
  CHECK (closed_reason IN ('teammate', 'sender', 'idle', 'customer'));
