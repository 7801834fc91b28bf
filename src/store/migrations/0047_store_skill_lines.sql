-- Each card's person's lines are stored with it when it is written (src/store/skills.ts,
-- storeSkillLines), no longer by the skill map's reads, which only read them. The cards written
-- before, whose lines no read has stored yet, get theirs here, once: as the skill map would read
-- them, for the conversation as it is now (33,000 cards of a team of 40: ~20 s on a loaded machine).
UPDATE scorecards s
   SET (skill_lines, skill_cue_kinds) = (
       SELECT count(*) FILTER (WHERE m.analysis IS NOT NULL)::int,
              COALESCE(jsonb_agg(jsonb_path_query_array(m.analysis,
                                   'strict $.cues[*].kind ? (@.type() == "string")'::jsonpath, '{}', true))
                         FILTER (WHERE m.analysis IS NOT NULL), '[]'::jsonb)
         FROM messages m
        WHERE m.org_id = s.org_id AND m.conversation_id = s.conversation_id AND m.role = 'agent'
          AND m.kind = 'message'
          AND (m.author_person_id = s.agent_id
               OR (m.author_person_id IS NULL AND c.assigned_person_id = s.agent_id))),
       skill_lines_of = c.message_count, skill_lines_assignee = c.assigned_person_id
  FROM conversations c
 WHERE c.org_id = s.org_id AND c.id = s.conversation_id AND s.agent_id IS NOT NULL
   AND NOT (s.skill_lines IS NOT NULL AND s.skill_lines_of = c.message_count
            AND s.skill_lines_assignee IS NOT DISTINCT FROM c.assigned_person_id);
