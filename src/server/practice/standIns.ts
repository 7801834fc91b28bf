// What a drill's customer says where the scenario redacted the real customer's data: a made-up
// address, order number, e-mail, phone, date… in place of "[ADDRESS]", "[REFERENCE]", "[EMAIL]".
// Nobody says "it was shipped to [ADDRESS]" aloud. The same stand-in for a kind on every line of a
// scenario (and every drill on it), so the customer does not give two addresses; none is anyone's
// real data (reserved domains, fictional phone numbers, documentation IP and IBAN ranges).

const STREETS = ["Linden Street", "Harbour Road", "Maple Avenue", "Station Lane", "Orchard Close"];
const TOWNS = ["Millbrook", "Ashford", "Kingsbury", "Fairview", "Westhaven"];
const MONTHS = ["January", "March", "April", "June", "August", "September", "October", "November"];
const OTHER_NAMES = ["Sam", "Chris", "Pat", "Lou", "Drew", "Kim"];

function hashOf(text: string): number {
  let hash = 0;
  for (const ch of text) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash;
}

/** A pick from `list` for this scenario and this kind. */
function pick<T>(list: readonly T[], seed: number, salt: number): T {
  return list[(seed + salt * 7919) % list.length] as T;
}

/** `n` digits for this scenario and kind, not starting with 0. */
function digits(seed: number, salt: number, n: number): string {
  let out = "";
  let x = (seed ^ (salt * 2654435761)) >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const d = (x >>> 16) % 10;
    out += i === 0 && d === 0 ? "4" : String(d);
  }
  return out;
}

/**
 * The customer's line with each redaction placeholder said as a believable stand-in, the same one
 * for a kind throughout the scenario. `customerName` is the drill's stand-in name (it makes the
 * e-mail address); another person named in a line gets another first name.
 *
 * @example
 * speakStandIns("It was shipped to [ADDRESS], order [REFERENCE].", "scenario-id", "Taylor")
 * // → "It was shipped to 27 Maple Avenue, Ashford, order QX-48213."
 */
export function speakStandIns(text: string, scenarioId: string, customerName: string): string {
  if (!text.includes("[")) return text;
  const seed = hashOf(scenarioId);
  const other = OTHER_NAMES.filter((n) => n !== customerName);
  return text.replace(/\[([A-Z_]+)\]/g, (whole: string, kind: string, at: number) => {
    switch (kind) {
      case "ADDRESS":
        return `${Number(digits(seed, 1, 2))} ${pick(STREETS, seed, 1)}, ${pick(TOWNS, seed, 2)}`;
      case "EMAIL":
        return `${customerName.toLowerCase()}.${digits(seed, 2, 2)}@example.com`;
      case "PHONE":
        // 555-01xx numbers are set aside for fiction.
        return `555-01${digits(seed, 3, 2)}`;
      case "REFERENCE":
        return `${pick(["QX", "BT", "MR", "KD"], seed, 4)}-${digits(seed, 4, 5)}`;
      case "NUMBER": {
        const before = text.slice(Math.max(0, at - 40), at);
        if (/sort\s*code/i.test(before))
          return `${digits(seed, 5, 2)}-${digits(seed, 6, 2)}-${digits(seed, 7, 2)}`;
        if (/\b(?:ending|ends|last|digits)\b/i.test(before)) return digits(seed, 8, 4);
        return digits(seed, 9, 8);
      }
      case "CARD":
        return `4111 1111 1111 ${digits(seed, 8, 4)}`;
      case "IBAN":
        return "GB33 BUKB 2020 1555 5555 55";
      case "IP":
        return `192.0.2.${Number(digits(seed, 10, 2))}`;
      case "NATIONAL_ID":
        return `QQ ${digits(seed, 11, 2)} ${digits(seed, 12, 2)} ${digits(seed, 13, 2)} C`;
      case "DATE_OF_BIRTH":
      case "DATE":
        return `${(seed % 27) + 1} ${pick(MONTHS, seed, 14)} ${1960 + (seed % 40)}`;
      case "PERSON":
        return pick(other, seed, 15);
      default:
        return whole;
    }
  });
}
