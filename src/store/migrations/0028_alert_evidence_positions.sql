-- An alert's root-cause evidence (kind: the cause) cited its line by the engine's index, which
-- counts only the lines the engine read (the analysed ones); every other span, the alert's own
-- message_index and the API's message index are the line's position, which also counts whispers,
-- signals and notes. Once a teammate had stepped in, such a span pointed that many lines too early
-- (at the whisper itself, say). The ingest path now stores positions; this rewrites the spans
-- stored before, in conversations with a private line only (elsewhere the two are equal): the
-- n-th analysed line's position. A span whose line is not there is dropped.
-- Stored analyses keep the engine's indexes (they are in every message row): readers place them.
WITH cause_spans AS (
  SELECT a.id, s.span, s.ord,
         s.span ->> 'kind' IN ('knowledge_gap', 'stress', 'language_barrier', 'power_imbalance',
                               'unclear_expectations', 'policy_dispute', 'billing_error',
                               'system_malfunction') AS is_cause,
         CASE WHEN jsonb_typeof(s.span -> 'messageIndex') = 'number'
              THEN (s.span ->> 'messageIndex')::numeric::int END AS engine_index,
         a.org_id, a.conversation_id
    FROM alerts a
   CROSS JOIN LATERAL jsonb_array_elements(a.evidence) WITH ORDINALITY AS s(span, ord)
   WHERE jsonb_typeof(a.evidence) = 'array'
     AND EXISTS (SELECT 1 FROM messages w
                  WHERE w.conversation_id = a.conversation_id AND w.kind <> 'message')
),
placed AS (
  SELECT c.id, c.ord, c.is_cause, c.span,
         CASE WHEN c.is_cause AND c.engine_index >= 0 THEN
           (SELECT m.position FROM messages m
             WHERE m.org_id = c.org_id AND m.conversation_id = c.conversation_id
               AND m.analysis IS NOT NULL
             ORDER BY m.position OFFSET c.engine_index LIMIT 1)
         END AS position
    FROM cause_spans c
),
fixed AS (
  SELECT id,
         COALESCE(jsonb_agg(CASE WHEN is_cause THEN jsonb_set(span, '{messageIndex}', to_jsonb(position))
                                 ELSE span END ORDER BY ord)
                    FILTER (WHERE NOT is_cause OR position IS NOT NULL), '[]'::jsonb) AS evidence
    FROM placed
   GROUP BY id
)
UPDATE alerts a
   SET evidence = f.evidence
  FROM fixed f
 WHERE a.id = f.id AND a.evidence IS DISTINCT FROM f.evidence;
