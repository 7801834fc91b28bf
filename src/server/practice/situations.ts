/**
 * Whether two conversations opened on the same situation, worded differently. The lead's suggested
 * conversations show one per situation: a team meets the same problem with many customers, each
 * saying it their own way ("I cancelled in March and you've charged me three more months", "Three
 * months of charges after I cancelled in March"), and grouping only identical openings listed the
 * same case six times, each "2 more opened like it".
 */

/** Words that say nothing about the situation (and the placeholders redaction leaves). */
const FILLER = new Set(
  (
    "the a an and or but if so to of in on at by for from with about into over after before since " +
    "i me my mine you your yours we our us they them their he she him her his it its this that these those " +
    "is am are was were be been being have has had do does did will would can could should shall may might must " +
    "not no yes just still also even again anyway already very really too more most much many all any some every " +
    "what why when where how who which there here then than now please hi hello hey thanks thank okay ok want wanted " +
    "get got kept taken take person email phone reference number address name card"
  ).split(" "),
);

/** A word's first letters stand for it: "cancelled", "cancelling" and "cancel" are one word here. */
const STEM_LETTERS = 5;

/** Stems a customer uses for one thing: being charged, getting money back. */
const SAME_AS: Readonly<Record<string, string>> = {
  bill: "charg",
  bille: "charg",
  billi: "charg",
  payme: "charg",
  back: "refun",
  retur: "refun",
  repay: "refun",
};

/** The situation words of an opening line: its own words, fillers dropped, each cut to its stem. */
export function situationWords(opening: string): ReadonlySet<string> {
  const words = opening
    .toLowerCase()
    .replace(/['’](?:s|ve|re|ll|d|m|t)\b/g, "")
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 3 && !FILLER.has(w));
  return new Set(
    words.map((w) => {
      const stem = w.slice(0, STEM_LETTERS);
      return SAME_AS[stem] ?? stem;
    }),
  );
}

/** At least this many situation words in common… */
const MIN_SHARED = 3;
/** …making at least this share of the shorter opening's. */
const MIN_SHARE = 0.5;

/** Whether two openings tell the same situation: most of the shorter one's words are in the other. */
export function sameSituation(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared >= MIN_SHARED && shared >= MIN_SHARE * Math.min(a.size, b.size);
}
