/**
 * One-dimensional arrays in PostgreSQL's binary wire format (what `array_send` writes and
 * `array_recv` reads), for the multi-row statements' array parameters (`buildUnnest`).
 *
 * As text, an array of 500 messages' texts and analyses is escaped element by element by the
 * driver, one regular expression pass per element, and the server parses it back character by
 * character before it parses each element. In binary, each element is its length and its bytes:
 * nothing to escape, nothing to unescape. Both drivers send an ArrayBuffer view as a binary
 * parameter (node-postgres: a Buffer; PGlite: any view), so the statements do not change.
 */

/** Element types this module encodes, by the cast `buildUnnest` is given; others stay text. */
const ELEMENT_OIDS: Readonly<Record<string, number>> = {
  uuid: 2950,
  int: 23,
  integer: 23,
  int4: 23,
  text: 25,
  jsonb: 3802,
  timestamptz: 1184,
  real: 700,
  float4: 700,
  bool: 16,
  boolean: 16,
};

/** Microseconds from the Unix epoch to PostgreSQL's (2000-01-01 UTC). */
const PG_EPOCH_MICROS = 946_684_800_000_000n;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What `Date.prototype.toISOString` writes (and an explicit offset): read the same by both sides. */
const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const INTEGER_RE = /^-?\d{1,10}$/;

/**
 * The array in binary, or null when a value does not fit the element type (the caller then sends
 * it as text and PostgreSQL reports the problem as it always did).
 */
export function encodeBinaryArray(values: readonly unknown[], cast: string): Buffer | null {
  const oid = ELEMENT_OIDS[cast];
  if (oid === undefined) return null;
  const parts: (Buffer | null)[] = new Array<Buffer | null>(values.length);
  let size = 20;
  let hasNull = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      parts[i] = null;
      hasNull = 1;
      size += 4;
      continue;
    }
    const element = encodeElement(value, oid);
    if (element === null) return null;
    parts[i] = element;
    size += 4 + element.length;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0); // dimensions
  out.writeInt32BE(hasNull, 4);
  out.writeUInt32BE(oid, 8);
  out.writeInt32BE(values.length, 12);
  out.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (const part of parts) {
    if (part === null) {
      out.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    out.writeInt32BE(part.length, at);
    part.copy(out, at + 4);
    at += 4 + part.length;
  }
  return out;
}

function encodeElement(value: unknown, oid: number): Buffer | null {
  switch (oid) {
    case 25: // text
      return typeof value === "string" ? Buffer.from(value, "utf8") : null;
    case 3802: {
      // jsonb: a version byte, then the JSON text.
      if (typeof value !== "string") return null;
      const text = Buffer.from(value, "utf8");
      const out = Buffer.allocUnsafe(text.length + 1);
      out[0] = 1;
      text.copy(out, 1);
      return out;
    }
    case 2950:
      return typeof value === "string" && UUID_RE.test(value)
        ? Buffer.from(value.replaceAll("-", ""), "hex")
        : null;
    case 23: {
      const n =
        typeof value === "number"
          ? value
          : typeof value === "string" && INTEGER_RE.test(value)
            ? Number(value)
            : Number.NaN;
      if (!Number.isInteger(n) || n < -2_147_483_648 || n > 2_147_483_647) return null;
      const out = Buffer.allocUnsafe(4);
      out.writeInt32BE(n, 0);
      return out;
    }
    case 700: {
      const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) return null;
      const out = Buffer.allocUnsafe(4);
      out.writeFloatBE(n, 0);
      return out;
    }
    case 16:
      return typeof value === "boolean" ? Buffer.from([value ? 1 : 0]) : null;
    case 1184: {
      const ms =
        value instanceof Date
          ? value.getTime()
          : typeof value === "string" && ISO_TIME_RE.test(value)
            ? Date.parse(value)
            : Number.NaN;
      if (!Number.isFinite(ms)) return null;
      const out = Buffer.allocUnsafe(8);
      out.writeBigInt64BE(BigInt(Math.round(ms)) * 1000n - PG_EPOCH_MICROS, 0);
      return out;
    }
    default:
      return null;
  }
}
