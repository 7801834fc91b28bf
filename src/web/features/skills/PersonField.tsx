/**
 * The "Person" choice of a lead's pages about one person at a time (their skill map, their
 * numbers): the people they may read, themself marked "(you)".
 */
export function PersonField({
  people,
  value,
  onChange,
}: {
  people: readonly { id: string; name: string; self: boolean }[];
  value: string;
  onChange: (personId: string) => void;
}) {
  return (
    <label className="field">
      <span>Person</span>
      <select className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.self ? `${p.name} (you)` : p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
