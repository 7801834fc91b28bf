import type { Availability, Role } from "../../protocol/index.ts";
import type { HelperCandidate as StoredCandidate } from "../../store/index.ts";

/** One teammate the router may ask, with what it knows about them. */
export interface HelperCandidate {
  personId: string;
  name: string;
  role: Role;
  availability: Availability;
  load: number;
  maxLoad: number;
  /** Experience on the conversation's topic (0 = none known). */
  topicStrength: number;
  /** Has tagteam open now; unknown when absent (then it does not weigh). */
  present?: boolean;
}

/** A candidate as the store reads it (`findHelperCandidates`), as the router takes it. */
export function toHelperCandidate(c: StoredCandidate): HelperCandidate {
  return {
    personId: c.personId,
    name: c.displayName,
    role: c.role,
    availability: c.availability,
    load: c.currentLoad,
    maxLoad: c.maxLoad,
    topicStrength: c.topicStrength,
    present: c.present,
  };
}

export interface HelperRequest {
  /** The struggling agent: never asked to help themself. */
  agentId: string | null;
  /** Reason (d): the customer needs someone with more authority. */
  needsAuthority: boolean;
  /** People who already had this alert and could not resolve it. */
  exclude: readonly string[];
  /** The conversation's topic, named in the routing line (absent: none known). */
  topic?: string | null;
}

export interface HelperChoice {
  personId: string;
  /** Why this person, in one line the helper and the lead can read. */
  routing: string;
}

const AVAILABILITY_RANK: Record<Availability, number> = { available: 0, busy: 1, away: 3, offline: 4 };

/**
 * Picks the best-placed teammate: never the struggling agent or anyone already tried; a lead (or
 * admin) when authority is needed; otherwise under their load limit, present (tagteam open) before
 * not, free before busy, strongest on the topic, least loaded. Away and offline people are never
 * asked. Null when nobody fits.
 */
export function chooseHelper(
  candidates: readonly HelperCandidate[],
  request: HelperRequest,
): HelperChoice | null {
  const eligible = candidates.filter(
    (c) =>
      c.personId !== request.agentId &&
      !request.exclude.includes(c.personId) &&
      (c.availability === "available" || c.availability === "busy") &&
      (!request.needsAuthority || c.role === "lead" || c.role === "admin"),
  );
  if (eligible.length === 0) return null;
  const score = (c: HelperCandidate): number[] => [
    c.load >= c.maxLoad ? 1 : 0,
    // Someone with tagteam open sees the alert now; "available" alone may be left over.
    c.present === false ? 1 : 0,
    AVAILABILITY_RANK[c.availability],
    -c.topicStrength,
    c.load,
    // Leads are the authority of last resort: keep them free unless authority is needed.
    !request.needsAuthority && c.role !== "agent" ? 1 : 0,
  ];
  const ranked = [...eligible].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    for (let i = 0; i < sa.length; i++) {
      const d = (sa[i] ?? 0) - (sb[i] ?? 0);
      if (d !== 0) return d;
    }
    return a.personId < b.personId ? -1 : 1;
  });
  const best = ranked[0];
  if (best === undefined) return null;
  const parts = [
    best.role === "agent"
      ? "an agent"
      : request.needsAuthority
        ? `a ${best.role}, as this needs authority`
        : `a ${best.role}`,
    best.availability === "available" ? "free" : "busy",
    `handling ${best.load} of at most ${best.maxLoad} ${best.maxLoad === 1 ? "conversation" : "conversations"}`,
  ];
  const topic = request.topic ?? null;
  if (topic !== null && topic !== "")
    parts.push(
      best.topicStrength > 0
        ? // Words only: "(experience 1.0)" was the router's weighted count, which a helper read as
          // a rating out of 1.
          `has handled ${topic} before`
        : `no history on ${topic} yet`,
    );
  if (best.present === true) parts.push("had tagteam open when asked");
  else if (best.present === false) parts.push("did not have tagteam open when asked");
  if (best.load >= best.maxLoad) parts.push("everyone else is at capacity");
  return { personId: best.personId, routing: `${best.name}: ${parts.join(", ")}` };
}
