-- The skill map's evidence of each card, kept with the card instead of recomputed from every line
-- on every read (src/store/skills.ts). A team of 40 with 33,000 cards read 360,000 buffers per
-- skill map, 43% of them the agents' lines and most of the CPU expanding each card's QA items.
--
-- skill_qa: QA item → score, the lead's override over the engine's score where the item applied
-- (an item the conversation gave nothing to judge is left out). Generated from auto and override,
-- so it is never out of date.
CREATE FUNCTION tagteam_skill_qa(auto jsonb, override jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(jsonb_object_agg(i ->> 'item',
             COALESCE(override -> (i ->> 'item'),
                      CASE WHEN (i -> 'applicable') = 'true'::jsonb THEN i -> 'score' END))
           FILTER (WHERE override ? (i ->> 'item') OR (i -> 'applicable') = 'true'::jsonb), '{}'::jsonb)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(auto -> 'items') = 'array'
                                   THEN auto -> 'items' ELSE '[]'::jsonb END) AS i
   WHERE jsonb_typeof(i) = 'object' AND jsonb_typeof(i -> 'item') = 'string'
$$;

ALTER TABLE scorecards ADD COLUMN skill_qa jsonb GENERATED ALWAYS AS (tagteam_skill_qa(auto, override)) STORED;

-- The card's person's analysed lines and each line's cue kinds, as read when the conversation had
-- skill_lines_of messages and was assigned to skill_lines_assignee. The skill map uses them only
-- while the conversation still has as many messages and the same assignee (else it reads the
-- lines again and stores them anew); null until first read. A line's analysis stored later clears
-- them (appendAnalyses).
ALTER TABLE scorecards
  ADD COLUMN skill_lines integer,
  ADD COLUMN skill_cue_kinds jsonb,
  ADD COLUMN skill_lines_of integer,
  ADD COLUMN skill_lines_assignee uuid;
