import { redactPii } from "../../engine/pii/index.ts";

/**
 * Redacts personal data from text shown beyond its conversation (exports, debriefs, scorecard
 * evidence). `knownNames` are the names the server knows (the customer's, the agents'), redacted
 * wherever they appear: the engine finds the rest (e-mails, phones, cards, addresses, cued names).
 */
export function redactText(text: string, knownNames: readonly string[]): string {
  if (text.length === 0) return text;
  return redactPii(text, { knownNames: knownNames.filter((n) => n.trim().length >= 2) }).text;
}

/** Names worth redacting from a person's display name: the whole name and each part of it. */
export function nameVariants(name: string | null | undefined): string[] {
  if (name === null || name === undefined) return [];
  const trimmed = name.trim();
  if (trimmed.length < 2) return [];
  const parts = trimmed.split(/\s+/).filter((p) => p.length >= 3 && /^\p{Lu}/u.test(p));
  return [trimmed, ...parts];
}
