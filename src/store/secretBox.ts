import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/*
 * Secrets at rest (organisations' Chatwoot tokens and reply webhook secrets): AES-256-GCM under an
 * operator's key (TAGTEAM_SECRETS_KEY). Each stored secret keeps beside it the id of the key that
 * encrypted it (null: stored unencrypted, as before a key was set), so a key can be rotated: the
 * old one stays readable (TAGTEAM_SECRETS_OLD_KEYS) until the start-up pass re-encrypts everything
 * with the new one. The ciphertext is bound to its organisation and column (GCM's associated
 * data): copied to another row, it does not decrypt.
 */

/** The keys this server encrypts with and can decrypt with. */
export interface SecretKeys {
  /** The key new secrets are encrypted with; null: they are stored unencrypted. */
  current: { id: string; key: Buffer } | null;
  /** Every key this server can decrypt with (the current one and old ones), by id. */
  readable: ReadonlyMap<string, Buffer>;
}

export const NO_SECRET_KEYS: SecretKeys = { current: null, readable: new Map() };

const KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = "v1";

/** A key's id: not secret (a hash of the key cannot give it back), short enough to show and store. */
export function secretKeyId(key: Buffer): string {
  return createHash("sha256").update("tagteam secrets key\0").update(key).digest("hex").slice(0, 12);
}

/** A 32-byte key written as base64 (44 characters) or hex (64); null when it is neither. */
export function parseSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length === KEY_BYTES) return key;
  }
  return null;
}

export function secretKeys(current: Buffer | null, old: readonly Buffer[] = []): SecretKeys {
  const readable = new Map<string, Buffer>();
  for (const key of [...(current === null ? [] : [current]), ...old]) readable.set(secretKeyId(key), key);
  return { current: current === null ? null : { id: secretKeyId(current), key: current }, readable };
}

/** Encrypts a secret for its row and column (`context`); without a current key, returns it as it is. */
export function sealSecret(
  keys: SecretKeys,
  plain: string,
  context: string,
): { value: string; keyId: string | null } {
  if (keys.current === null) return { value: plain, keyId: null };
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.current.key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((b) => b.toString("base64url"));
  return { value: `${FORMAT}.${parts.join(".")}`, keyId: keys.current.id };
}

/**
 * A stored secret in plain text: as it is when it was stored unencrypted (`keyId` null); null when
 * this server does not have the key that encrypted it, or the ciphertext was altered.
 */
export function openSecret(
  keys: SecretKeys,
  value: string,
  keyId: string | null,
  context: string,
): string | null {
  if (keyId === null) return value;
  const key = keys.readable.get(keyId);
  const [format, iv, ciphertext, tag] = value.split(".");
  if (
    key === undefined ||
    format !== FORMAT ||
    iv === undefined ||
    ciphertext === undefined ||
    tag === undefined
  )
    return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return null;
  }
}
