/** Two date inputs bounding a range: each refuses a date past the other. Values are "YYYY-MM-DD" or "". */
export function DateRangeFields({
  from,
  to,
  fromLabel,
  toLabel,
  onChange,
}: {
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
  onChange: (patch: { from?: string; to?: string }) => void;
}) {
  return (
    <>
      <label className="field">
        <span>{fromLabel}</span>
        <input
          className="input"
          type="date"
          value={from}
          max={to !== "" ? to : undefined}
          onChange={(e) => onChange({ from: e.target.value })}
        />
      </label>
      <label className="field">
        <span>{toLabel}</span>
        <input
          className="input"
          type="date"
          value={to}
          min={from !== "" ? from : undefined}
          onChange={(e) => onChange({ to: e.target.value })}
        />
      </label>
    </>
  );
}

/** Local calendar dates (from the date inputs) to the API's time range: `to` includes its whole day. */
export function dateRange(from: string, to: string): { since?: string; until?: string } {
  const local = (date: string, addDays: number): string | undefined => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (m === null) return undefined;
    return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays).toISOString();
  };
  const since = local(from, 0);
  const until = local(to, 1);
  return { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}
