import type {} from "@fastify/cookie";
import type { FastifyRequest } from "fastify";
import type { Store } from "../../store/index.ts";
import {
  findLiveApiTokenByHash,
  findLiveCredentialHashes,
  findLiveSessionByTokenHash,
  hashToken,
  touchApiToken,
  touchSession,
} from "../../store/credentials.ts";
import { findPersonById } from "../../store/people.ts";
import type { Principal } from "./principal.ts";

export const SESSION_COOKIE = "tagteam_session";

/**
 * How long a resolved credential is trusted without asking the store again. Ingest posts thousands
 * of requests a second with one token; revocation takes effect within this window everywhere.
 */
export const CREDENTIAL_CACHE_MS = 5_000;

/**
 * How stale a session's or token's "last seen" may get before a use records it again: in use, a
 * session's expiry slides (a shift longer than the session's lifetime is not cut off while
 * working), and an admin sees when each API token was last used. At most one write per
 * credential per minute, off the request's path.
 */
export const ACTIVITY_RECORD_MS = 60_000;

/** However active, a session ends this long after its sign-in (the cookie's own lifetime). */
export const SESSION_MAX_MS = 30 * 86_400_000;

interface Cached {
  principal: Principal | null;
  until: number;
}

/** Resolves session cookies and bearer tokens to principals, with a short cache. */
export class Authenticator {
  private readonly cache = new Map<string, Cached>();
  private readonly loading = new Map<string, Promise<Principal | null>>();
  /** Moves on at each `forget`: a lookup begun before it does not put its answer in the cache. */
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    /** A session stays valid this long after it was last used (0: fixed at sign-in, no sliding). */
    private readonly sessionTtlMs = 0,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Records a use without making the caller wait; a failure is logged, never the request's. */
  private record(write: () => Promise<void>): void {
    write().catch((error: unknown) => this.onError(error));
  }

  /**
   * Who is calling, from `Authorization: Bearer …`, else the API token a route takes in its query
   * (`queryToken`, for senders that cannot set headers), else the session cookie; null when anonymous.
   */
  async authenticate(
    request: FastifyRequest,
    options: { queryToken?: string | undefined } = {},
  ): Promise<Principal | null> {
    const header = request.headers.authorization;
    if (typeof header === "string" && header.startsWith("Bearer ")) {
      return this.resolve(`t:${header.slice(7).trim()}`);
    }
    if (options.queryToken !== undefined) return this.resolve(`t:${options.queryToken}`);
    const cookie = request.cookies[SESSION_COOKIE];
    if (typeof cookie === "string" && cookie !== "") return this.resolve(`s:${cookie}`);
    return null;
  }

  /** Resolves a raw session token (WebSocket upgrade, tests). */
  async resolveSession(token: string): Promise<Principal | null> {
    return this.resolve(`s:${token}`);
  }

  async resolveToken(token: string): Promise<Principal | null> {
    return this.resolve(`t:${token}`);
  }

  /**
   * Which of these credentials (`s:<session token>`, `t:<API token>`) still admit someone, in one
   * read of the store however many: what the realtime hub checks its open sockets against.
   */
  async liveCredentials(keys: readonly string[]): Promise<Set<string>> {
    const byHash = new Map<string, string>();
    const sessionHashes: string[] = [];
    const tokenHashes: string[] = [];
    for (const key of new Set(keys)) {
      const hash = hashToken(key.slice(2));
      byHash.set(hash, key);
      (key.startsWith("s:") ? sessionHashes : tokenHashes).push(hash);
    }
    const live = await findLiveCredentialHashes(this.store, { sessionHashes, tokenHashes, now: this.now() });
    return new Set([...live].flatMap((hash) => byHash.get(hash) ?? []));
  }

  /** Forgets cached credentials, e.g. after a logout or a role change. */
  forget(): void {
    this.generation += 1;
    this.cache.clear();
    this.loading.clear();
  }

  /**
   * Who a credential (`s:<session token>`, `t:<API token>`) admits now, read from the store whatever
   * the cache holds: the realtime hub asks it when an admin changed that person's access.
   */
  async reload(key: string): Promise<Principal | null> {
    const generation = this.generation;
    const principal = await this.load(key, this.now());
    if (generation === this.generation)
      this.cache.set(key, { principal, until: this.now() + CREDENTIAL_CACHE_MS });
    return principal;
  }

  private async resolve(key: string): Promise<Principal | null> {
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.until > now) return hit.principal;
    // Single flight: a burst of requests with one credential asks the store once. While a
    // refresh runs, the previous answer keeps serving (it is at most one cache period old).
    let pending = this.loading.get(key);
    if (pending === undefined) {
      const generation = this.generation;
      const loading = this.load(key, now)
        .then((principal) => {
          // Begun before a `forget` (a role changed meanwhile): answer this caller, cache nothing.
          if (generation !== this.generation) return principal;
          if (this.cache.size > 10_000) this.cache.clear();
          this.cache.set(key, { principal, until: this.now() + CREDENTIAL_CACHE_MS });
          return principal;
        })
        .finally(() => {
          if (this.loading.get(key) === loading) this.loading.delete(key);
        });
      pending = loading;
      this.loading.set(key, pending);
    }
    if (hit !== undefined && hit.principal !== null) return hit.principal;
    return pending;
  }

  private async load(key: string, now: number): Promise<Principal | null> {
    const secret = key.slice(2);
    const tokenHash = hashToken(secret);
    if (key.startsWith("s:")) {
      const session = await findLiveSessionByTokenHash(this.store, tokenHash, now);
      if (session === null) return null;
      if (this.sessionTtlMs > 0 && now - session.lastSeenAt >= ACTIVITY_RECORD_MS)
        this.record(() =>
          touchSession(this.store, {
            orgId: session.orgId,
            sessionId: session.id,
            now,
            expiresAt: Math.max(
              session.expiresAt,
              Math.min(now + this.sessionTtlMs, session.createdAt + SESSION_MAX_MS),
            ),
          }),
        );
      const person = await findPersonById(this.store, session.orgId, session.personId);
      // A deactivated person's sessions end with them (revoked too; this covers the cache's window).
      if (person === null || person.deactivatedAt !== null) return null;
      return {
        orgId: person.orgId,
        personId: person.id,
        name: person.displayName,
        role: person.role,
        teamIds: person.teamIds,
        via: "session",
        scopes: ["ingest", "api"],
      };
    }
    const token = await findLiveApiTokenByHash(this.store, tokenHash);
    if (token === null) return null;
    if (token.lastUsedAt === null || now - token.lastUsedAt >= ACTIVITY_RECORD_MS)
      this.record(() => touchApiToken(this.store, { orgId: token.orgId, tokenId: token.id, now }));
    const person = await findPersonById(this.store, token.orgId, token.personId);
    // The API tokens a deactivated person made stop working with them.
    if (person === null || person.deactivatedAt !== null) return null;
    return {
      orgId: person.orgId,
      personId: person.id,
      name: person.displayName,
      role: person.role,
      teamIds: person.teamIds,
      via: "token",
      scopes: token.scopes,
    };
  }
}
