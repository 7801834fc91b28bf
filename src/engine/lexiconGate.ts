/**
 * CUE-GATE-1: a cheap word gate in front of the lexicon regexes. Most lexicons cannot match most
 * messages, yet a regex still walks every character to find that out. At compile time we derive,
 * for every alternative of a lexicon, the sets of words the alternative cannot match without (an
 * "anchor": its first four letters, or the whole word when it is shorter; a match holds one word of
 * each set) and keep its two rarest sets. A message is tokenised once (lower-cased runs of
 * a–z/0–9); a lexicon's regex runs only when, for one of its alternatives, both sets have a word
 * among the message's words ("so you're" needs "so" and "re"/"are", not just one of them). Words
 * are integer slots of a typed-array hash table; a word met looks at the alternatives whose rarest
 * set holds it (once per message), and only those have their other set checked, after the pass.
 * The gate only ever skips regexes that cannot match, so the cues are identical
 * with and without it (tested). Alternatives we cannot analyse leave their lexicon always on.
 */

/** Letters of a word that make its key: longer words share a key with their four-letter prefix. */
const KEY_LETTERS = 4;

/** One anchor: a word a match must contain as a whole token (`exact`) or as a token prefix. */
interface Anchor {
  word: string;
}

/** A sequence element of a parsed alternative. */
type Atom =
  | { kind: "char"; char: string; quantifier: "" | "+" | "optional" }
  | { kind: "group"; body: string; quantifier: "" | "+" | "optional"; capturing: boolean }
  | { kind: "boundary" }
  | { kind: "other"; quantifier: "" | "+" | "optional" };

const isWordChar = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "0" && c <= "9");

/**
 * Words in nearly every support message: a poor anchor (the gate would almost always open), so a
 * rarer word of the same alternative is preferred.
 */
const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    "i you the a an to and is it that of for in on my your we this can be have has with not are me " +
    "please will what so do if just all was but thank thanks at there like need know get one let see " +
    "work only when how time good much about been would could should they our us here then now"
  ).split(" "),
);

/** How good an anchor word is: rarer and longer is better. */
function anchorScore(word: string): number {
  const letters = Math.min(word.length, KEY_LETTERS);
  return COMMON_WORDS.has(word) ? letters : letters * 10;
}

/** How good an anchor set is: its worst word counts, and fewer words are better. */
function setScore(set: readonly Anchor[]): number {
  return Math.min(...set.map((a) => anchorScore(a.word))) - set.length * 0.01;
}

/** At most this many anchor sets of one unit are checked (the best ones). */
const CLAUSES_PER_UNIT = 2;

/** Splits a pattern at its top-level `|`. */
function splitAlternatives(source: string): string[] | null {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return null;
  }
  if (depth !== 0 || inClass) return null;
  out.push(source.slice(start));
  return out;
}

/** Reads the quantifier at `i`, returning it and the index after it (lazy `?` included). */
function readQuantifier(s: string, i: number): ["" | "+" | "optional", number] {
  const c = s[i];
  let q: "" | "+" | "optional" = "";
  let j = i;
  if (c === "?" || c === "*") {
    q = "optional";
    j++;
  } else if (c === "+") {
    q = "+";
    j++;
  } else if (c === "{") {
    const close = s.indexOf("}", i);
    if (close < 0) return ["", i];
    const min = Number(s.slice(i + 1, close).split(",")[0]);
    q = Number.isFinite(min) && min >= 1 ? "+" : "optional";
    j = close + 1;
  } else return ["", i];
  if (s[j] === "?") j++;
  return [q, j];
}

/** Parses one alternative into atoms; null when it holds something we do not analyse. */
function parseAtoms(s: string): Atom[] | null {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "(") {
      // Find the matching parenthesis.
      let depth = 0;
      let inClass = false;
      let j = i;
      for (; j < s.length; j++) {
        const d = s[j];
        if (d === "\\") {
          j++;
          continue;
        }
        if (inClass) {
          if (d === "]") inClass = false;
          continue;
        }
        if (d === "[") inClass = true;
        else if (d === "(") depth++;
        else if (d === ")" && --depth === 0) break;
      }
      if (j >= s.length) return null;
      const inner = s.slice(i + 1, j);
      const [q, next] = readQuantifier(s, j + 1);
      if (
        inner.startsWith("?=") ||
        inner.startsWith("?!") ||
        inner.startsWith("?<=") ||
        inner.startsWith("?<!")
      ) {
        // Lookarounds match no characters: they neither give nor break a word, nor move an edge.
      } else if (inner.startsWith("?:")) {
        atoms.push({ kind: "group", body: inner.slice(2), quantifier: q, capturing: false });
      } else if (inner.startsWith("?")) {
        return null; // named groups and the like: not worth analysing
      } else {
        atoms.push({ kind: "group", body: inner, quantifier: q, capturing: true });
      }
      i = next;
      continue;
    }
    if (c === "[") {
      let j = i + 1;
      if (s[j] === "^") j++;
      if (s[j] === "]") j++;
      for (; j < s.length && s[j] !== "]"; j++) if (s[j] === "\\") j++;
      if (j >= s.length) return null;
      const [q, next] = readQuantifier(s, j + 1);
      // A class of punctuation only ("['’]") is a separator like a single one.
      const members = s.slice(i + 1, j);
      const separator = members.length > 0 && /^[^\\^\-a-zA-Z0-9_]+$/.test(members);
      atoms.push(separator ? { kind: "char", char: " ", quantifier: q } : { kind: "other", quantifier: q });
      i = next;
      continue;
    }
    if (c === "\\") {
      const e = s[i + 1];
      if (e === undefined) return null;
      if (e === "b") {
        atoms.push({ kind: "boundary" });
        i += 2;
        continue;
      }
      const [q, next] = readQuantifier(s, i + 2);
      // Escaped punctuation is a literal; escaped letters and digits are classes or references.
      if (!/[a-zA-Z0-9]/.test(e)) atoms.push({ kind: "char", char: e, quantifier: q });
      else if (e === "n" || e === "t" || e === "r") atoms.push({ kind: "char", char: " ", quantifier: q });
      else atoms.push({ kind: "other", quantifier: q });
      i = next;
      continue;
    }
    if (c === "^" || c === "$") {
      atoms.push({ kind: "other", quantifier: "optional" });
      i++;
      continue;
    }
    if (c === ")" || c === "|" || c === "?" || c === "*" || c === "+" || c === "{") return null;
    const [q, next] = readQuantifier(s, i + 1);
    atoms.push(
      c === "." ? { kind: "other", quantifier: q } : { kind: "char", char: c.toLowerCase(), quantifier: q },
    );
    i = next;
  }
  return atoms;
}

/** Whether an alternative always ends with a separator (space, punctuation). */
function endsAtEdge(alt: string): boolean {
  const atoms = parseAtoms(alt);
  const last = atoms?.[atoms.length - 1];
  return (
    last !== undefined && last.kind === "char" && last.quantifier !== "optional" && !isWordChar(last.char)
  );
}

/**
 * Every anchor set of one alternative: each is a set of words one of which every match contains
 * as a token (whole word or four-letter prefix), so a match needs one word of each set.
 * `startsWord`/`endsWord`: whether the text before and after this alternative is guaranteed to be
 * a word edge. Null when there is none.
 */
function anchorSetsOfAlternative(alt: string, startsWord: boolean, endsWord: boolean): Anchor[][] | null {
  const atoms = parseAtoms(alt);
  if (atoms === null) return null;
  const candidates: Anchor[][] = [];
  // Walk the atoms, collecting mandatory literal words.
  let word = "";
  let wordStarts = startsWord;
  let edge = startsWord; // is the position before the next atom a guaranteed word edge?
  let plusTail = false; // the word's last letter may repeat ("um+")
  const finish = (endsHere: boolean): void => {
    if (word.length === 0) return;
    if (wordStarts) {
      if (word.length >= KEY_LETTERS) candidates.push([{ word }]);
      else if (endsHere) {
        if (!plusTail) candidates.push([{ word }]);
        else {
          // "um+" matches um, umm, ummm… : every spelling up to the key length.
          const last = word[word.length - 1]!;
          const spellings: Anchor[] = [];
          for (let w = word; w.length <= KEY_LETTERS; w += last) spellings.push({ word: w });
          candidates.push(spellings);
        }
      }
    }
    word = "";
    plusTail = false;
  };
  for (let k = 0; k < atoms.length; k++) {
    const atom = atoms[k]!;
    const next = atoms[k + 1];
    const nextIsEdge =
      next === undefined
        ? endsWord
        : (next.kind === "char" && next.quantifier !== "optional" && !isWordChar(next.char)) ||
          next.kind === "boundary";
    if (atom.kind === "boundary") {
      finish(true);
      edge = true;
      continue;
    }
    const edgeBefore = word.length === 0 && edge;
    if (atom.kind === "char" && atom.quantifier !== "optional") {
      if (isWordChar(atom.char)) {
        if (word.length === 0) wordStarts = edge;
        if (plusTail) {
          // A letter after a repeated one: the word's spelling is no longer fixed.
          finish(false);
          wordStarts = false;
        }
        word += atom.char;
        if (atom.quantifier === "+") plusTail = true;
        edge = false;
        if (nextIsEdge) finish(true);
      } else {
        finish(true);
        edge = true;
      }
      continue;
    }
    if (atom.kind === "char") {
      // An optional character: a word in progress may run on; a lone separator keeps the edge.
      // An optional separator before a certain edge ("so,? ") ends the word either way.
      finish(!isWordChar(atom.char) && nextIsEdge);
      edge = edgeBefore && !isWordChar(atom.char);
      continue;
    }
    if (atom.kind === "group" && atom.quantifier !== "optional") {
      // A mandatory group: its own anchors, when every alternative inside has one.
      finish(false);
      const innerAlts = splitAlternatives(atom.body);
      if (innerAlts !== null && atom.quantifier === "") {
        const union: Anchor[] = [];
        let ok = true;
        for (const inner of innerAlts) {
          const found = anchorsOfAlternative(inner, edgeBefore, nextIsEdge);
          if (found === null) {
            ok = false;
            break;
          }
          union.push(...found);
        }
        if (ok && union.length > 0) candidates.push(union);
      }
      edge = atom.quantifier === "" && innerAlts !== null && innerAlts.every(endsAtEdge);
      continue;
    }
    if (atom.kind === "group") {
      // An optional group ending in a separator ("(?:really )?") keeps an edge before it.
      finish(false);
      const innerAlts = splitAlternatives(atom.body);
      edge = edgeBefore && innerAlts !== null && innerAlts.every(endsAtEdge);
      continue;
    }
    // Classes, dots, escapes: the word (if any) may continue differently.
    finish(false);
    edge = false;
  }
  finish(endsWord);
  return candidates.length === 0 ? null : candidates;
}

/**
 * Anchor words for one alternative: a set of words one of which every match contains as a
 * token (whole word or four-letter prefix). `startsWord`/`endsWord`: whether the text before and
 * after this alternative is guaranteed to be a word edge. Null when there is none.
 */
function anchorsOfAlternative(alt: string, startsWord: boolean, endsWord: boolean): Anchor[] | null {
  const candidates = anchorSetsOfAlternative(alt, startsWord, endsWord);
  if (candidates === null) return null;
  // The best anchor set: the one whose shortest word is longest (rarer words open the gate less).
  let best = candidates[0]!;
  let bestScore = -1;
  for (const set of candidates) {
    const score = setScore(set);
    if (score > bestScore) {
      best = set;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The anchor words of a whole lexicon entry (every top-level alternative must have some), or null
 * when some alternative has none and the lexicon must always run.
 */
export function anchorWordsOf(pattern: string): string[] | null {
  const alternatives = splitAlternatives(pattern);
  if (alternatives === null) return null;
  const words: string[] = [];
  for (const alt of alternatives) {
    // The compiled lexicon wraps every entry in word-edge guards.
    const anchors = anchorsOfAlternative(alt, true, true);
    if (anchors === null) return null;
    for (const a of anchors) words.push(a.word);
  }
  return words;
}

/** The gate key of a word: the word itself, or its first four letters. */
export function gateKey(word: string): string {
  return word.length > KEY_LETTERS ? word.slice(0, KEY_LETTERS) : word;
}

/** A letter or digit as 1..36 (0 is no character), so up to four of them make a unique number. */
function charCode(c: number): number {
  return c >= 97 && c <= 122 ? c - 96 : c >= 48 && c <= 57 ? c - 21 : 0;
}

/** `charCode` of every ASCII character, looked up while scanning a message. */
const CHAR_CODES = Uint8Array.from({ length: 128 }, (_, c) => charCode(c));

/** Fibonacci hashing of a word key into the gate's table. */
const HASH_MULTIPLIER = 0x9e3779b1 | 0;

/** The gate key as a number (no string is built while scanning a message). */
function numericKey(word: string): number {
  let key = 0;
  const n = Math.min(word.length, KEY_LETTERS);
  for (let i = 0; i < n; i++) key = key * 37 + charCode(word.charCodeAt(i));
  return key;
}

/** A regex for lower-cased text (null when a pattern has capitals) and one for any case. */
export interface LexiconRegex {
  lower: RegExp | null;
  any: RegExp;
}

/**
 * Lexicons compiled with the word gate (CUE-GATE-1): a word key opens the lexicons with an entry
 * anchored on it; lexicons with an entry we cannot anchor are always open. A lexicon's regex runs
 * on a message only when it is open.
 */
export interface LexiconSet {
  full: LexiconRegex[];
  /**
   * Every anchor word's key in an open-addressing hash table: slot → key, -1 for an empty slot. A
   * word's slot is its integer id while a message is checked.
   */
  keyTable: Int32Array;
  /** Bits of the hash taken away (the table has 2^(32 - keyShift) slots). */
  keyShift: number;
  /**
   * Slot → the units (top-level alternatives of an entry) whose first, rarest anchor set holds
   * that word: `firstUnits[firstStart[slot]..firstStart[slot + 1])`.
   */
  firstStart: Int32Array;
  firstUnits: Int32Array;
  /** Unit → its further anchor sets: `restStart[unit]..restStart[unit + 1]` index `setStart`. */
  restStart: Int32Array;
  /** Anchor set → its words' slots: `setSlots[setStart[set]..setStart[set + 1])`. */
  setStart: Int32Array;
  setSlots: Int32Array;
  /** Unit → the lexicon it opens. */
  unitLexicon: Int32Array;
  /** 1 for a lexicon that is always open. */
  alwaysOpen: Uint8Array;
  /** Scratch for `openLexicons`: words (slots) and units met in the message of stamp `stamp`. */
  scratch: { stamp: number; slotStamp: Uint32Array; unitStamp: Uint32Array; candidates: Int32Array };
}

/** The lexicons one message can match: one flag per lexicon. */
export type OpenLexicons = Uint8Array;

/** Whether every match of the atoms from `k` on starts with a letter or digit. */
function atomsStartWithWordChar(atoms: readonly Atom[], k: number): boolean {
  const atom = atoms[k];
  if (atom === undefined) return false; // an empty match
  if (atom.kind === "boundary") return atomsStartWithWordChar(atoms, k + 1);
  if (atom.kind === "char") {
    if (!isWordChar(atom.char)) return false;
    return atom.quantifier !== "optional" || atomsStartWithWordChar(atoms, k + 1);
  }
  if (atom.kind === "group") {
    const inner = splitAlternatives(atom.body);
    if (inner === null || !inner.every(startsWithWordChar)) return false;
    return atom.quantifier !== "optional" || atomsStartWithWordChar(atoms, k + 1);
  }
  return false;
}

/** Whether every match of a pattern starts with a letter or digit (false when unsure). */
export function startsWithWordChar(pattern: string): boolean {
  const alternatives = splitAlternatives(pattern);
  return (
    alternatives !== null &&
    alternatives.every((alt) => {
      const atoms = parseAtoms(alt);
      return atoms !== null && atomsStartWithWordChar(atoms, 0);
    })
  );
}

/**
 * Wraps entries (longest first) in word-edge guards, in the two flavours. A match may not start
 * inside a word or after an apostrophe; when every entry starts with a letter or digit, a `\b`
 * before that look-behind gives the same matches and lets the regex skip to word starts, which
 * is a fifth to a third faster on real chats.
 */
export function compileEntries(entries: readonly string[]): LexiconRegex {
  const guard = entries.every(startsWithWordChar) ? "\\b(?<![\\w'])" : "(?<![\\w'])";
  const source = entries.length === 0 ? "(?!)" : `${guard}(?:${entries.join("|")})(?![\\w])`;
  // Capitals in a pattern (\D, \S, [A-Z]…) mean something different on lower-cased text.
  return { lower: /[A-Z]/.test(source) ? null : new RegExp(source, "g"), any: new RegExp(source, "gi") };
}

/** Compiles lexicons given as lists of valid patterns (already sorted longest first). */
export function compileLexiconSet(lexicons: readonly (readonly string[])[]): LexiconSet {
  // Unit → its anchor sets (rarest first), each as word keys; unit → its lexicon.
  const unitSets: number[][][] = [];
  const unitLexicon: number[] = [];
  const alwaysOpen = lexicons.map((patterns, index) => {
    // Every top-level alternative of every entry is a unit: the lexicon can match a message only
    // when, for some unit, each of its anchor sets has a word among the message's words.
    const units: number[][][] = [];
    for (const pattern of patterns) {
      const alternatives = splitAlternatives(pattern);
      if (alternatives === null) return true;
      for (const alt of alternatives) {
        // The compiled lexicon wraps every entry in word-edge guards.
        const sets = anchorSetsOfAlternative(alt, true, true);
        if (sets === null) return true;
        // The rarest sets only: each word of a set met costs a step per message.
        const best = sets
          .map((set) => ({ set, score: setScore(set) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, CLAUSES_PER_UNIT);
        units.push(best.map(({ set }) => [...new Set(set.map((a) => numericKey(a.word)))]));
      }
    }
    for (const sets of units) {
      unitSets.push(sets);
      unitLexicon.push(index);
    }
    return false;
  });
  // The hash table of every anchor word: at most a quarter full, so a look-up of a word no
  // lexicon needs mostly ends at its first, empty slot.
  const keys = new Set(unitSets.flat(2));
  let bits = 4;
  while (1 << bits < keys.size * 4) bits++;
  const size = 1 << bits;
  const keyTable = new Int32Array(size).fill(-1);
  const slotOf = (key: number): number => {
    let slot = Math.imul(key, HASH_MULTIPLIER) >>> (32 - bits);
    while (keyTable[slot] !== -1 && keyTable[slot] !== key) slot = (slot + 1) & (size - 1);
    keyTable[slot] = key;
    return slot;
  };
  // Each unit is looked up by the words of its first set only; its other sets are checked once
  // the message's words are all known, and only when the first set is met.
  const bySlot: number[][] = Array.from({ length: size }, () => []);
  const restStart: number[] = [];
  const setStart: number[] = [];
  const setSlots: number[] = [];
  unitSets.forEach((sets, unit) => {
    for (const key of sets[0]!) bySlot[slotOf(key)]!.push(unit);
    restStart.push(setStart.length);
    for (const set of sets.slice(1)) {
      setStart.push(setSlots.length);
      for (const key of set) setSlots.push(slotOf(key));
    }
  });
  restStart.push(setStart.length);
  setStart.push(setSlots.length);
  const firstStart: number[] = [];
  const firstUnits: number[] = [];
  for (const units of bySlot) {
    firstStart.push(firstUnits.length);
    firstUnits.push(...units);
  }
  firstStart.push(firstUnits.length);
  return {
    full: lexicons.map(compileEntries),
    keyTable,
    keyShift: 32 - bits,
    firstStart: Int32Array.from(firstStart),
    firstUnits: Int32Array.from(firstUnits),
    restStart: Int32Array.from(restStart),
    setStart: Int32Array.from(setStart),
    setSlots: Int32Array.from(setSlots),
    unitLexicon: Int32Array.from(unitLexicon),
    alwaysOpen: Uint8Array.from(alwaysOpen, (on) => (on ? 1 : 0)),
    scratch: {
      stamp: 0,
      slotStamp: new Uint32Array(size),
      unitStamp: new Uint32Array(unitLexicon.length),
      candidates: new Int32Array(unitLexicon.length),
    },
  };
}

/**
 * Which lexicons can match `lower` (a lower-cased message): one pass over its characters, one
 * hash-table look-up per word, each word's units looked at the first time the word is met; then
 * a lexicon opens when all anchor sets of one of its units are met.
 */
export function openLexicons(set: LexiconSet, lower: string): OpenLexicons {
  const open = set.alwaysOpen.slice();
  const scratch = set.scratch;
  // A stamp per message instead of clearing the scratch arrays (wraps after 2^32 messages).
  if (++scratch.stamp === 0x100000000) {
    scratch.stamp = 1;
    scratch.slotStamp.fill(0);
    scratch.unitStamp.fill(0);
  }
  const stamp = scratch.stamp;
  const { slotStamp, unitStamp, candidates } = scratch;
  const { keyTable, keyShift, firstStart, firstUnits, restStart, unitLexicon } = set;
  const mask = keyTable.length - 1;
  let found = 0;
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    let code = c < 128 ? CHAR_CODES[c]! : 0;
    if (code === 0) {
      i++;
      continue;
    }
    let key = 0;
    let letters = 0;
    do {
      if (letters < KEY_LETTERS) {
        key = key * 37 + code;
        letters++;
      }
      if (++i >= n) break;
      c = lower.charCodeAt(i);
      code = c < 128 ? CHAR_CODES[c]! : 0;
    } while (code !== 0);
    let slot = Math.imul(key, HASH_MULTIPLIER) >>> keyShift;
    let k = keyTable[slot]!;
    while (k !== key && k !== -1) {
      slot = (slot + 1) & mask;
      k = keyTable[slot]!;
    }
    if (k === -1 || slotStamp[slot] === stamp) continue;
    slotStamp[slot] = stamp;
    for (let u = firstStart[slot]!, last = firstStart[slot + 1]!; u < last; u++) {
      const unit = firstUnits[u]!;
      if (unitStamp[unit] === stamp) continue;
      unitStamp[unit] = stamp;
      if (restStart[unit] === restStart[unit + 1]) open[unitLexicon[unit]!] = 1;
      else candidates[found++] = unit;
    }
  }
  const { setStart, setSlots } = set;
  for (let f = 0; f < found; f++) {
    const unit = candidates[f]!;
    const lexicon = unitLexicon[unit]!;
    if (open[lexicon] === 1) continue;
    let all = true;
    for (let r = restStart[unit]!, last = restStart[unit + 1]!; all && r < last; r++) {
      let met = false;
      for (let w = setStart[r]!, end = setStart[r + 1]!; w < end; w++)
        if (slotStamp[setSlots[w]!] === stamp) {
          met = true;
          break;
        }
      all = met;
    }
    if (all) open[lexicon] = 1;
  }
  return open;
}

/** The regex of lexicon `index`, or null when it is closed on this message. */
export function regexIfOpen(set: LexiconSet, index: number, open: OpenLexicons): LexiconRegex | null {
  return open[index] === 1 ? set.full[index]! : null;
}
