-- Since when the customer has been waiting for a reply: the first customer message after the
-- agent's last one, null once the agent answers (kept by the message append, from the row under
-- its lock). The floor and the console show who has been left waiting, and for how long. Open
-- conversations get it from their transcript.
ALTER TABLE conversations ADD COLUMN waiting_since timestamptz;
UPDATE conversations c
   SET waiting_since = w.since
  FROM (
    SELECT m.conversation_id, min(m.sent_at) AS since
      FROM messages m
      JOIN conversations o ON o.id = m.conversation_id AND o.status = 'open'
     WHERE m.kind = 'message' AND m.role = 'customer'
       AND m.position > COALESCE((SELECT max(a.position) FROM messages a
                                   WHERE a.conversation_id = m.conversation_id
                                     AND a.kind = 'message' AND a.role = 'agent'), -1)
     GROUP BY m.conversation_id
  ) w
 WHERE c.id = w.conversation_id;
