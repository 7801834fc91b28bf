// Span precision and recall of redactPii against labelled spans (e.g. the Presidio synthetic set).
import { redactPii, type PiiType } from "./redactPii.ts";

export interface LabelledPiiText {
  text: string;
  /** Gold spans with the dataset's own type names. */
  spans: { type: string; start: number; end: number }[];
}

export interface PiiTypeMetrics {
  type: PiiType;
  /** The dataset types this row is scored against. */
  goldTypes: string[];
  gold: number;
  predicted: number;
  exact: { tp: number; precision: number; recall: number; f1: number };
  overlap: { tpPredicted: number; tpGold: number; precision: number; recall: number; f1: number };
}

export interface PiiMeasurement {
  texts: number;
  perType: PiiTypeMetrics[];
  /** Any predicted span overlapping any gold span of a mapped type (type ignored): what a redactor needs. */
  anyType: { gold: number; predicted: number; precision: number; recall: number };
  /** Total time spent in redactPii, supplied by the caller's clock (the engine has none). */
  charsScanned: number;
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/**
 * Scores redactPii on labelled texts. `typeMap` maps each of our types to the dataset types it
 * should find; gold spans of unmapped types are ignored (and predictions overlapping them are not
 * counted as false positives, since the redactor removing them is harmless).
 */
export function measurePiiRedaction(
  items: readonly LabelledPiiText[],
  typeMap: Partial<Record<PiiType, readonly string[]>>,
): PiiMeasurement {
  const types = Object.keys(typeMap) as PiiType[];
  const mappedGold = new Set(types.flatMap((t) => typeMap[t] ?? []));
  const counts = new Map(
    types.map((t) => [t, { gold: 0, predicted: 0, exact: 0, overlapPred: 0, overlapGold: 0 }]),
  );
  let anyGold = 0;
  let anyPredicted = 0;
  let anyPredHit = 0;
  let anyGoldHit = 0;
  let charsScanned = 0;
  for (const item of items) {
    charsScanned += item.text.length;
    const predicted = redactPii(item.text).spans;
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
      a.start < b.end && b.start < a.end;
    for (const type of types) {
      const c = counts.get(type);
      if (c === undefined) continue;
      const goldTypes = typeMap[type] ?? [];
      const gold = item.spans.filter((s) => goldTypes.includes(s.type));
      const pred = predicted.filter((s) => s.type === type);
      // Predictions that overlap gold of a type we do not target (an organisation, a place) are
      // neither right nor wrong; overlapping another targeted type is a wrong type, so counted.
      const otherGold = item.spans.filter((s) => !mappedGold.has(s.type));
      const judged = pred.filter(
        (p) => gold.some((g) => overlaps(g, p)) || !otherGold.some((g) => overlaps(g, p)),
      );
      c.gold += gold.length;
      c.predicted += judged.length;
      c.exact += judged.filter((p) => gold.some((g) => g.start === p.start && g.end === p.end)).length;
      c.overlapPred += judged.filter((p) => gold.some((g) => overlaps(g, p))).length;
      c.overlapGold += gold.filter((g) => pred.some((p) => overlaps(g, p))).length;
    }
    const gold = item.spans.filter((s) => mappedGold.has(s.type));
    const unmapped = item.spans.filter((s) => !mappedGold.has(s.type));
    const judged = predicted.filter(
      (p) => gold.some((g) => overlaps(g, p)) || !unmapped.some((g) => overlaps(g, p)),
    );
    anyGold += gold.length;
    anyPredicted += judged.length;
    anyPredHit += judged.filter((p) => gold.some((g) => overlaps(g, p))).length;
    anyGoldHit += gold.filter((g) => predicted.some((p) => overlaps(g, p))).length;
  }
  const perType = types.map((type): PiiTypeMetrics => {
    const c = counts.get(type) ?? { gold: 0, predicted: 0, exact: 0, overlapPred: 0, overlapGold: 0 };
    const ep = c.predicted === 0 ? 0 : c.exact / c.predicted;
    const er = c.gold === 0 ? 0 : c.exact / c.gold;
    const op = c.predicted === 0 ? 0 : c.overlapPred / c.predicted;
    const or = c.gold === 0 ? 0 : c.overlapGold / c.gold;
    return {
      type,
      goldTypes: [...(typeMap[type] ?? [])],
      gold: c.gold,
      predicted: c.predicted,
      exact: { tp: c.exact, precision: ep, recall: er, f1: f1(ep, er) },
      overlap: {
        tpPredicted: c.overlapPred,
        tpGold: c.overlapGold,
        precision: op,
        recall: or,
        f1: f1(op, or),
      },
    };
  });
  return {
    texts: items.length,
    perType,
    anyType: {
      gold: anyGold,
      predicted: anyPredicted,
      precision: anyPredicted === 0 ? 0 : anyPredHit / anyPredicted,
      recall: anyGold === 0 ? 0 : anyGoldHit / anyGold,
    },
    charsScanned,
  };
}

/** Our types → the Presidio synthetic set's entity types. */
export const PRESIDIO_TYPE_MAP: Partial<Record<PiiType, readonly string[]>> = {
  EMAIL: ["EMAIL_ADDRESS"],
  PHONE: ["PHONE_NUMBER"],
  CARD: ["CREDIT_CARD"],
  IBAN: ["IBAN_CODE"],
  IP: ["IP_ADDRESS"],
  NATIONAL_ID: ["US_SSN"],
  DATE_OF_BIRTH: ["DATE_TIME"],
  ADDRESS: ["STREET_ADDRESS", "ZIP_CODE"],
  PERSON: ["PERSON"],
};
