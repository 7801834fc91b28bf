-- Teams made before names were required could be named by spaces alone, and showed as nothing
-- wherever a team is named (menus, badges, toasts, exports, the API). Each such team is named
-- 'Unnamed team' (then 'Unnamed team 2', … in order of creation, within its organisation) for an
-- admin to rename; a name another team of the organisation already has is left alone (the web app
-- still shows '(unnamed team)' for what stays blank).
UPDATE teams AS t
SET name = n.new_name
FROM (
  SELECT id, org_id,
         'Unnamed team' || CASE WHEN k = 1 THEN '' ELSE ' ' || k::text END AS new_name
  FROM (
    SELECT id, org_id, row_number() OVER (PARTITION BY org_id ORDER BY created_at, id) AS k
    FROM teams
    WHERE btrim(name) = ''
  ) AS blank
) AS n
WHERE t.id = n.id
  AND NOT EXISTS (SELECT 1 FROM teams AS o WHERE o.org_id = n.org_id AND o.name = n.new_name);
