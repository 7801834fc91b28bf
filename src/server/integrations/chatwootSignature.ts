import { createHmac, timingSafeEqual } from "node:crypto";

/** How old (or how far ahead) a signed Chatwoot request may be: older ones are replays. */
export const CHATWOOT_SIGNATURE_MAX_SKEW_MS = 5 * 60_000;

/**
 * The signature Chatwoot puts on a webhook request (`X-Chatwoot-Signature`): `sha256=` and the hex
 * HMAC-SHA256, keyed with the webhook's secret, of the timestamp header, a dot and the raw body.
 */
export function chatwootSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const mac = createHmac("sha256", secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest("hex")}`;
}

/**
 * Why a webhook request does not carry a valid signature of `secret`, or null when it does: the
 * headers must be there, the timestamp (Unix seconds) within CHATWOOT_SIGNATURE_MAX_SKEW_MS of
 * now, and the signature that of this very body (compared in constant time).
 */
export function chatwootSignatureProblem(input: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  nowMs: number;
}): string | null {
  const { signature, timestamp } = input;
  if (signature === undefined || signature === "") return "the X-Chatwoot-Signature header is missing";
  if (timestamp === undefined || timestamp === "") return "the X-Chatwoot-Timestamp header is missing";
  if (!/^\d{1,12}$/.test(timestamp)) return "X-Chatwoot-Timestamp is not a Unix time in seconds";
  if (Math.abs(input.nowMs - Number(timestamp) * 1000) > CHATWOOT_SIGNATURE_MAX_SKEW_MS) {
    return "X-Chatwoot-Timestamp is more than 5 minutes away from now (a replayed or delayed request)";
  }
  const expected = Buffer.from(chatwootSignature(input.secret, timestamp, input.rawBody));
  const given = Buffer.from(signature.trim().toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return "X-Chatwoot-Signature does not match the body and the webhook's secret";
  }
  return null;
}
