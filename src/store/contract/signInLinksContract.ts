// One-time sign-in links in the store contract (migration 0041): made, found while usable, used
// once, replaced by a newer one, pruned once ended. Registered by describeStoreContract.
import { describe, expect, it } from "vitest";
import {
  createSignInLink,
  findUsableSignInLink,
  pruneEndedSignInLinks,
  useSignInLink,
} from "../signInLinks.ts";
import type { Store } from "../types.ts";
import { seedOrganisation } from "./factories.ts";

export function describeSignInLinksContract(getStore: () => Store): void {
  describe("sign-in links", () => {
    it("work once until they expire, and a newer link for the same person replaces the older", async () => {
      const store = getStore();
      const { org, agent } = await seedOrganisation(store);
      const now = Date.now();
      const make = (tokenHash: string, expiresAt = now + 60_000) =>
        createSignInLink(store, {
          orgId: org.id,
          personId: agent.id,
          tokenHash,
          purpose: "invite",
          expiresAt,
          createdBy: null,
        });
      const first = await make("hash-1");
      expect(first).toMatchObject({ orgId: org.id, personId: agent.id, purpose: "invite", usedAt: null });
      expect((await findUsableSignInLink(store, "hash-1", now))?.id).toBe(first.id);

      await make("hash-2");
      expect(await findUsableSignInLink(store, "hash-1", now)).toBeNull();
      expect(await findUsableSignInLink(store, "hash-2", now + 61_000)).toBeNull();

      const [a, b] = await Promise.all([
        useSignInLink(store, "hash-2", now),
        useSignInLink(store, "hash-2", now),
      ]);
      expect([a, b].filter((x) => x !== null)).toHaveLength(1);
      expect(await findUsableSignInLink(store, "hash-2", now)).toBeNull();

      expect(await pruneEndedSignInLinks(store, { endedBefore: now - 1, limit: 100 })).toBe(0);
      expect(await pruneEndedSignInLinks(store, { endedBefore: now + 120_000, limit: 100 })).toBe(1);
    });
  });
}
