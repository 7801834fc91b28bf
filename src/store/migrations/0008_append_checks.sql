-- appendMessages writes all or nothing: if any conversation it names is missing (or belongs to
-- another organisation), the statement fails. It used to count the conversations a second time
-- inside the statement, a join as costly as the update itself; now the ids the update reached are
-- compared with the ids asked for, and only on a mismatch are the missing ones worked out, for
-- the error message. STABLE (it reads nothing and writes nothing) lets the planner run it once,
-- as a filter on the whole result, even when no row came out.
CREATE FUNCTION tagteam_require_conversations(expected uuid[], reached uuid[]) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF cardinality(reached) = cardinality(expected) THEN
    RETURN true;
  END IF;
  RAISE EXCEPTION 'conversation(s) not found: %',
    (SELECT string_agg(e::text, ', ') FROM unnest(expected) AS e WHERE e <> ALL (reached))
    USING ERRCODE = 'P0002';
END
$$;
