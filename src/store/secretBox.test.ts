import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  openSecret,
  parseSecretKey,
  sealSecret,
  secretKeyId,
  secretKeys,
  NO_SECRET_KEYS,
} from "./secretBox.ts";

describe("secrets at rest", () => {
  const key = randomBytes(32);
  const keys = secretKeys(key);

  it("encrypts with the current key, names it, and opens only for the row and column it was sealed for", () => {
    const sealed = sealSecret(keys, "whsec_abc", "organisation_integrations/org-1/reply_webhook_secret");
    expect(sealed.keyId).toBe(secretKeyId(key));
    expect(sealed.value).not.toContain("whsec_abc");
    expect(
      openSecret(keys, sealed.value, sealed.keyId, "organisation_integrations/org-1/reply_webhook_secret"),
    ).toBe("whsec_abc");
    // Copied to another organisation's row: it does not open.
    expect(
      openSecret(keys, sealed.value, sealed.keyId, "organisation_integrations/org-2/reply_webhook_secret"),
    ).toBeNull();
    // Without the key, or altered: null, never an exception.
    expect(
      openSecret(
        NO_SECRET_KEYS,
        sealed.value,
        sealed.keyId,
        "organisation_integrations/org-1/reply_webhook_secret",
      ),
    ).toBeNull();
    const altered = `${sealed.value.slice(0, -2)}AA`;
    expect(
      openSecret(keys, altered, sealed.keyId, "organisation_integrations/org-1/reply_webhook_secret"),
    ).toBeNull();
  });

  it("without a key stores as it is; reads keys as base64 or hex of 32 bytes only", () => {
    expect(sealSecret(NO_SECRET_KEYS, "tok", "c")).toEqual({ value: "tok", keyId: null });
    expect(parseSecretKey(key.toString("base64"))).toEqual(key);
    expect(parseSecretKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretKey(randomBytes(16).toString("base64"))).toBeNull();
    expect(parseSecretKey("not a key")).toBeNull();
  });
});
