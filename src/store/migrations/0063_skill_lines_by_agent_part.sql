-- The skill map's lines of a card (migration 0044) were stored counting an agent line with no
-- author for the conversation's last assignee; they are now counted by the scorecard's rule
-- (src/store/agentPart.ts): for whoever was handling the conversation when it was written. Where
-- the two can differ (the conversation has such a line and was taken over, transferred, or written
-- to by someone other than its assignee), the stored lines are cleared: the skill map reads those
-- cards' lines from the transcript by the new rule until the conversation is next scored or a late
-- analysis stores them again. Other cards' lines are the same by either rule and are kept.
UPDATE scorecards s
   SET skill_lines = NULL, skill_cue_kinds = NULL, skill_lines_of = NULL, skill_lines_assignee = NULL
  FROM conversations c
 WHERE c.org_id = s.org_id AND c.id = s.conversation_id
   AND s.skill_lines IS NOT NULL
   AND EXISTS (SELECT 1 FROM messages m
                WHERE m.org_id = s.org_id AND m.conversation_id = s.conversation_id
                  AND m.role = 'agent' AND m.kind = 'message' AND m.author_person_id IS NULL)
   AND (EXISTS (SELECT 1 FROM interventions h
                 WHERE h.org_id = s.org_id AND h.conversation_id = s.conversation_id
                   AND ((h.kind = 'takeover_offer' AND h.state IN ('accepted', 'done'))
                        OR (h.kind = 'warm_transfer' AND h.state = 'done')))
        OR EXISTS (SELECT 1 FROM messages m
                    WHERE m.org_id = s.org_id AND m.conversation_id = s.conversation_id
                      AND m.role = 'agent' AND m.kind = 'message'
                      AND m.author_person_id IS DISTINCT FROM c.assigned_person_id
                      AND m.author_person_id IS NOT NULL));
