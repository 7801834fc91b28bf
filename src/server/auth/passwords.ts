import { hash, verify } from "@node-rs/argon2";

/** Argon2id with the library's defaults (OWASP's recommended floor: 19 MiB, 2 passes). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A throwaway hash so a login for an unknown e-mail costs the same time as a wrong password. */
export const DUMMY_PASSWORD_HASH_PROMISE: () => Promise<string> = (() => {
  let cached: Promise<string> | null = null;
  return () => (cached ??= hash("not-a-real-password-but-the-same-cost"));
})();
