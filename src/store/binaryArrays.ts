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
const PG_EPOCH_MILLIS = 946_684_800_000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What `Date.prototype.toISOString` writes (and an explicit offset): read the same by both sides. */
const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const INTEGER_RE = /^-?\d{1,10}$/;

/** Each hex digit's value by character code (-1: not a hex digit). */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX["0123456789abcdef".charCodeAt(i)] = i;
  HEX["0123456789ABCDEF".charCodeAt(i)] = i;
}
const TWO_32 = 2 ** 32;

/**
 * The array in binary, or null when a value does not fit the element type (the caller then sends
 * it as text and PostgreSQL reports the problem as it always did).
 *
 * Written into one buffer in two passes (each element's size and check, then its bytes), rather
 * than a buffer per element copied into the array's: the messages' statement sends ten such
 * columns per group, and a buffer per element was a few thousand short-lived objects a group.
 */
export function encodeBinaryArray(values: readonly unknown[], cast: string): Buffer | null {
  const oid = ELEMENT_OIDS[cast];
  if (oid === undefined) return null;
  const sizes = new Int32Array(values.length);
  let size = 20;
  let hasNull = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      sizes[i] = -1;
      hasNull = 1;
      size += 4;
      continue;
    }
    const length = elementSize(value, oid);
    if (length < 0) return null;
    sizes[i] = length;
    size += 4 + length;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0); // dimensions
  out.writeInt32BE(hasNull, 4);
  out.writeUInt32BE(oid, 8);
  out.writeInt32BE(values.length, 12);
  out.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (let i = 0; i < values.length; i++) {
    const length = sizes[i] as number;
    out.writeInt32BE(length, at);
    at += 4;
    if (length < 0) continue;
    writeElement(out, at, values[i], oid, length);
    at += length;
  }
  return out;
}

/** The element's size in bytes, or -1 when it does not fit the type (checked here, not when written). */
function elementSize(value: unknown, oid: number): number {
  switch (oid) {
    case 25: // text
      return typeof value === "string" ? Buffer.byteLength(value, "utf8") : -1;
    case 3802: // jsonb: a version byte, then the JSON text.
      return typeof value === "string" ? 1 + Buffer.byteLength(value, "utf8") : -1;
    case 2950:
      return typeof value === "string" && UUID_RE.test(value) ? 16 : -1;
    case 23: {
      const n = integerOf(value);
      return Number.isInteger(n) && n >= -2_147_483_648 && n <= 2_147_483_647 ? 4 : -1;
    }
    case 700:
      return Number.isFinite(realOf(value)) ? 4 : -1;
    case 16:
      return typeof value === "boolean" ? 1 : -1;
    case 1184:
      return Number.isFinite(millisOf(value)) ? 8 : -1;
    default:
      return -1;
  }
}

/** Writes a value `elementSize` accepted, `length` bytes at `at`. */
function writeElement(out: Buffer, at: number, value: unknown, oid: number, length: number): void {
  switch (oid) {
    case 25:
      out.write(value as string, at, length, "utf8");
      return;
    case 3802:
      out[at] = 1;
      out.write(value as string, at + 1, length - 1, "utf8");
      return;
    case 2950: {
      // 32 hex digits around four dashes (UUID_RE checked the form).
      const text = value as string;
      let byte = at;
      for (let c = 0; c < 36; c += 2) {
        if (c === 8 || c === 13 || c === 18 || c === 23) c++;
        out[byte++] = ((HEX[text.charCodeAt(c)] as number) << 4) | (HEX[text.charCodeAt(c + 1)] as number);
      }
      return;
    }
    case 23:
      out.writeInt32BE(integerOf(value), at);
      return;
    case 700:
      out.writeFloatBE(realOf(value), at);
      return;
    case 16:
      out[at] = value === true ? 1 : 0;
      return;
    case 1184: {
      // Microseconds since 2000-01-01 UTC. Within ±285 years of it they are exact as a double,
      // written as two 32-bit halves; further out, through BigInt.
      const ms = Math.round(millisOf(value));
      const micros = (ms - PG_EPOCH_MILLIS) * 1000;
      if (Number.isSafeInteger(micros)) {
        const high = Math.floor(micros / TWO_32);
        out.writeInt32BE(high, at);
        out.writeUInt32BE(micros - high * TWO_32, at + 4);
      } else {
        out.writeBigInt64BE(BigInt(ms) * 1000n - PG_EPOCH_MICROS, at);
      }
      return;
    }
  }
}

function integerOf(value: unknown): number {
  return typeof value === "number"
    ? value
    : typeof value === "string" && INTEGER_RE.test(value)
      ? Number(value)
      : Number.NaN;
}

function realOf(value: unknown): number {
  return typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
}

function millisOf(value: unknown): number {
  return value instanceof Date
    ? value.getTime()
    : typeof value === "string" && ISO_TIME_RE.test(value)
      ? Date.parse(value)
      : Number.NaN;
}
