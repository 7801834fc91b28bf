// The derivation a gap's stored keys are written by is the fingerprint of the code that derives
// them, followed import by import: any change to it (a word list in text.ts included) gives another
// fingerprint, so the stored gaps are keyed again at the next start with nothing bumped by hand.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gapTopic, questionKey } from "../../engine/knowledge/index.ts";
import { fingerprintOf, GAP_KEY_MODULES, gapKeysDerivation, sourceClosure } from "./gapKeysDerivation.ts";

const ENGINE = fileURLToPath(new URL("../../engine/", import.meta.url));

describe("gapKeysDerivation", () => {
  it("reads the key functions' modules and everything they import, and nothing else", () => {
    expect([...sourceClosure(ENGINE, GAP_KEY_MODULES).keys()].sort()).toEqual([
      "knowledge/gapTitle.ts",
      "knowledge/gapTopic.ts",
      "knowledge/questionKey.ts",
      "sentenceEnd.ts",
      "text.ts",
    ]);
    expect(gapKeysDerivation()).toMatch(/^[0-9a-f]{16}$/);
    expect(gapKeysDerivation()).toBe(fingerprintOf(sourceClosure(ENGINE, GAP_KEY_MODULES)));
  });

  it("changes when a module the keys come from changes, a stop word of text.ts too, and only then", () => {
    const files: Record<string, string> = {
      "/e/knowledge/questionKey.ts": [
        'import { STOP_WORDS, stem } from "../text.ts";',
        'import type { Cue } from "../index.ts";',
        'import {\n  gapGroupKey,\n  LEAD_IN,\n} from "./gapTitle.ts";',
        "export const questionKey = (q: string) => q;",
      ].join("\n"),
      "/e/knowledge/gapTitle.ts":
        'export { splitSentences } from "../sentenceEnd.ts";\nexport const LEAD_IN = /x/;',
      "/e/sentenceEnd.ts": "export const splitSentences = () => [];",
      "/e/text.ts": 'export const STOP_WORDS = new Set(["a", "the"]);',
      "/e/index.ts": "export type Cue = string;",
    };
    const read = (path: string) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no ${path}`);
      return text;
    };
    const closure = () => sourceClosure("/e", ["knowledge/questionKey.ts"], read);
    // `import type` leaves nothing in the running code: not followed.
    expect([...closure().keys()].sort()).toEqual([
      "knowledge/gapTitle.ts",
      "knowledge/questionKey.ts",
      "sentenceEnd.ts",
      "text.ts",
    ]);
    const before = fingerprintOf(closure());
    files["/e/index.ts"] = "export type Cue = number;";
    expect(fingerprintOf(closure())).toBe(before);
    files["/e/text.ts"] = 'export const STOP_WORDS = new Set(["a", "the", "my"]);';
    const after = fingerprintOf(closure());
    expect(after).not.toBe(before);
    files["/e/sentenceEnd.ts"] = "export const splitSentences = () => [''];";
    expect(fingerprintOf(closure())).not.toBe(after);
  });

  it("stays the same when only a comment, a type or the layout is edited, so no gap is keyed again", () => {
    const source = [
      "// The words a key leaves out.",
      'export const STOP_WORDS: ReadonlySet<string> = new Set(["a", "the"]);',
      "/** A question's key. */",
      "export function questionKey(q: string): string {",
      '  return q.toLowerCase().replace("/* not a comment */", ""); // a comment, "/* */" in it',
      "}",
    ].join("\n");
    const fingerprint = (text: string) => fingerprintOf(new Map([["knowledge/questionKey.ts", text]]));
    const before = fingerprint(source);
    const edits = [
      source.replace("// The words a key leaves out.", "// Words left out of every key (see text.ts)."),
      source.replace(
        "/** A question's key. */",
        "/**\n * A question's key, for grouping.\n * @example x\n */",
      ),
      source
        .replace("(q: string): string", "(q: string): Lowercased")
        .replace("ReadonlySet<string>", "Set<string>"),
      source.replace('["a", "the"]', '[\n  "a",\n  "the",\n]').replace("  return", "    return"),
      `/*! licence */\n${source}`,
    ];
    for (const edited of edits) expect(fingerprint(edited), edited).toBe(before);
    // What the code does still counts: a stop word, a string, the code itself.
    expect(fingerprint(source.replace('"the"]', '"the", "my"]'))).not.toBe(before);
    expect(fingerprint(source.replace('"/* not a comment */"', '"/* not a comment! */"'))).not.toBe(before);
    expect(fingerprint(source.replace("toLowerCase", "toUpperCase"))).not.toBe(before);
  });

  it("derives what the engine's functions give (the functions it fingerprints are the ones used)", () => {
    expect(gapTopic("Do you ship to P.O. boxes?")).toBe("ship box");
    expect(questionKey("Do you ship to P.O. boxes?")).toBe("|box o p ship");
  });
});
