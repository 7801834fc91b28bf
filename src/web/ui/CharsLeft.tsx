/**
 * How much room a text box has left, shown once the writer nears its limit (the box's own
 * `maxLength` stops them there): they learn it while typing, not from the server's refusal after.
 */
export function CharsLeft({ length, max, id }: { length: number; max: number; id?: string }) {
  const left = max - length;
  // Quiet until the last tenth: most entries never get near the limit.
  if (left > max / 10) return null;
  return (
    <span id={id} className={left === 0 ? "small" : "small muted"} role="status">
      {left === 0
        ? `That is the limit: ${max.toLocaleString("en")} characters.`
        : `${left.toLocaleString("en")} characters left (at most ${max.toLocaleString("en")}).`}
    </span>
  );
}
