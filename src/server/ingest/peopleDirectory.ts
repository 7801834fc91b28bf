import { listPeople, type PersonRecord, type Queryable } from "../../store/index.ts";

/** How long the org's people are cached for resolving agent authors on ingest. */
export const PEOPLE_CACHE_MS = 10_000;

/**
 * Resolves an ingested agent author (e-mail or person id) to a person without a query per message,
 * and names people in responses (`names`) without a query per request: the organisation's people
 * are cached briefly and refreshed in the background; the admin API invalidates it on a change.
 */
export class PeopleDirectory {
  private readonly orgs = new Map<
    string,
    { byKey: Map<string, PersonRecord>; names: Map<string, string>; until: number }
  >();

  constructor(
    private readonly db: Queryable,
    private readonly now: () => number,
  ) {}

  private readonly loading = new Map<string, Promise<void>>();

  /** Loads an org's people once at a time, however many requests ask together. */
  load(orgId: string): Promise<void> {
    let pending = this.loading.get(orgId);
    if (pending === undefined) {
      pending = this.fetch(orgId).finally(() => this.loading.delete(orgId));
      this.loading.set(orgId, pending);
    }
    return pending;
  }

  private async fetch(orgId: string): Promise<void> {
    const people = await listPeople(this.db, { orgId });
    const byKey = new Map<string, PersonRecord>();
    const names = new Map<string, string>();
    for (const p of people) {
      byKey.set(p.email.toLowerCase(), p);
      byKey.set(p.id, p);
      names.set(p.id, p.displayName);
    }
    this.orgs.set(orgId, { byKey, names, until: this.now() + PEOPLE_CACHE_MS });
  }

  /** Makes sure the org is loaded; refreshes stale entries in the background. */
  async ensure(orgId: string): Promise<void> {
    const entry = this.orgs.get(orgId);
    if (entry === undefined) return this.load(orgId);
    if (entry.until < this.now()) this.load(orgId).catch(() => undefined);
  }

  find(orgId: string, author: string): PersonRecord | null {
    return (
      this.orgs.get(orgId)?.byKey.get(author.trim().toLowerCase()) ??
      this.orgs.get(orgId)?.byKey.get(author) ??
      null
    );
  }

  /** Everyone's display name in the organisation, by id. */
  async names(orgId: string): Promise<Map<string, string>> {
    await this.ensure(orgId);
    return this.orgs.get(orgId)?.names ?? new Map();
  }

  invalidate(): void {
    this.orgs.clear();
  }
}
