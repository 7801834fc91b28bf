import { describe, expect, it } from "vitest";
import { extractLexicalFeatures, tokenize } from "./features.ts";

// The tokens the shipped weights were trained on: TOKEN_PATTERN's matches on the lower-cased
// text, apostrophes removed, placeholders blanked. `tokenize` finds them with a character loop.
const TOKEN_PATTERN = /[a-z0-9]+(?:['’][a-z]+)*|[!?]/g;
function tokenizeWithRegex(text: string): string[] {
  const words = text.includes("#") ? text.replace(/#[a-z][a-z_]*#/gi, " ") : text;
  return (words.toLowerCase().match(TOKEN_PATTERN) ?? []).map((t) => t.replace(/['’]/g, ""));
}

const SAMPLES = [
  "",
  "Hi",
  "I don't think so!!",
  "Where’s my order #NUMBER#? It's 3 days late...",
  "don't9 rock'n'roll 'quoted' it's' o'",
  "WHY is this SO hard??!?",
  "Call #PRS_ORG# at 555-0101, ok?",
  "naïve café — İstanbul straße ſ K",
  "tabs\tand\nnewlines 1,000.50 v2.3",
  "soooo annoyed, whyyy",
  "a'b'c'd x’y 9'a 'a' ''",
];

describe("tokenize", () => {
  it("gives exactly the regex's tokens (MODEL-FEAT: the weights' vocabulary)", () => {
    for (const text of SAMPLES) expect(tokenize(text), text).toEqual(tokenizeWithRegex(text));
  });
});

describe("extractLexicalFeatures", () => {
  it("marks a letter three times in a row as elongated, as /([a-z])\\1\\1/ does", () => {
    for (const text of [...SAMPLES, "aa", "aaa", "AAA", "zzz", "111", "a a a"]) {
      expect(extractLexicalFeatures(text, 0).includes("_elongated"), text).toBe(/([a-z])\1\1/.test(text));
    }
  });
});
