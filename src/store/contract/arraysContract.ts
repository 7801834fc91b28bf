// Array parameters in the store contract: PGlite's prepared statements send buildUnnest's columns in
// PostgreSQL's binary format (binaryArrays.ts, pgliteStatements.ts). Here the encoder's output goes
// to every store as a binary parameter (both drivers send a Buffer so), and each element type must
// come back exactly as the text format gives it.
import { describe, expect, it } from "vitest";
import { encodeBinaryArray } from "../binaryArrays.ts";
import { buildUnnest } from "../rows.ts";
import type { Store } from "../types.ts";

const ROWS: unknown[][] = [
  [
    "7b0e5a52-3a3b-4d0a-9c8e-2f1d2b3c4d5e",
    0,
    'He said "no", {braces}, a back\\slash, a comma, and NULL',
    JSON.stringify({ risk: 0.42, cues: [{ kind: "hedging", start: 0, end: 3 }], why: "é ü 漢字 🙂" }),
    "2026-03-02T10:00:00.123Z",
    0.42,
    true,
  ],
  [
    "00000000-0000-0000-0000-000000000000",
    -2_147_483_648,
    "",
    "null",
    new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999)),
    -1.5,
    false,
  ],
  [null, null, null, null, null, null, null],
  // Times far from 2000 (written through BigInt), before 1970, and text of several bytes a character.
  [
    "abcdefab-cdef-abcd-efab-cdefabcdefab",
    -1,
    "naïve café: 5 €, 漢字 🙂",
    JSON.stringify({ "\u00e9": ["🙂"] }),
    "9999-12-31T23:59:59.999Z",
    3.5,
    false,
  ],
  [
    "12345678-90ab-cdef-1234-567890abcdef",
    7,
    "x",
    "{}",
    new Date(Date.UTC(1969, 6, 20, 20, 17, 40, 1)),
    0,
    true,
  ],
  [null, 1, "y", "1", "0001-01-01T00:00:00Z", null, null],
  [
    "FFFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF",
    2_147_483_647,
    "line\nbreak\ttab",
    "[1,2,3]",
    "2100-01-01T00:00:00Z",
    1e-7,
    true,
  ],
];
const CASTS = ["uuid", "int", "text", "jsonb", "timestamptz", "real", "bool"];
const SELECT = (sql: string) =>
  `SELECT u::text AS u, i, t, j::text AS j, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS ts, r, b
   FROM ${sql} AS v(u, i, t, j, ts, r, b)`;

export function describeArraysContract(getStore: () => Store): void {
  describe("array parameters", () => {
    it("encode every element type so it reads back exactly as the text format gives it", async () => {
      const store = getStore();
      const text = buildUnnest(ROWS, CASTS);
      const binary = text.params.map((column, i) => encodeBinaryArray(column, CASTS[i] as string));
      expect(binary.every((p) => Buffer.isBuffer(p))).toBe(true);
      const viaBinary = await store.query(SELECT(text.sql), binary);
      const viaText = await store.query(SELECT(text.sql), text.params);
      expect(viaBinary).toEqual(viaText);
      expect(viaBinary).toHaveLength(ROWS.length);
      expect(viaBinary[0]).toMatchObject({
        u: "7b0e5a52-3a3b-4d0a-9c8e-2f1d2b3c4d5e",
        i: 0,
        t: 'He said "no", {braces}, a back\\slash, a comma, and NULL',
        ts: "2026-03-02T10:00:00.123",
        b: true,
      });
      expect(viaBinary[2]).toEqual({ u: null, i: null, t: null, j: null, ts: null, r: null, b: null });
    });

    it("leave a column the binary format cannot hold as text, so the database names the problem as before", async () => {
      const store = getStore();
      expect(encodeBinaryArray(["not-a-uuid"], "uuid")).toBeNull();
      expect(encodeBinaryArray([1.5], "int")).toBeNull();
      expect(encodeBinaryArray(["2026-03-02"], "timestamptz")).toBeNull();
      const bad = buildUnnest([["not-a-uuid"]], ["uuid"]);
      const error = await store
        .query(`SELECT * FROM ${bad.sql} AS v(u)`, bad.params)
        .catch((e: unknown) => e);
      expect(String((error as Error).message)).toContain("invalid input syntax for type uuid");
    });
  });
}
