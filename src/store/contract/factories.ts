// Test factories: a fresh organisation with a team, people and a conversation, with overrides.
// Unique slugs/e-mails per call, so tests sharing one database stay isolated by organisation.
import { randomUUID } from "node:crypto";
import { findOrCreateConversation, type Channel, type ConversationRecord } from "../conversations.ts";
import { createOrganisation, type OrganisationRecord } from "../organisations.ts";
import { createPerson, type PersonRecord } from "../people.ts";
import { createTeam, type TeamRecord } from "../teams.ts";
import type { Queryable } from "../types.ts";

export interface SeededOrganisation {
  org: OrganisationRecord;
  team: TeamRecord;
  agent: PersonRecord;
  peer: PersonRecord;
  lead: PersonRecord;
  admin: PersonRecord;
  conversation: ConversationRecord;
}

/** Creates an organisation with one team (agent, peer, lead, admin) and one open conversation. */
export async function seedOrganisation(
  db: Queryable,
  overrides: { name?: string; channel?: Channel; topic?: string } = {},
): Promise<SeededOrganisation> {
  const suffix = randomUUID().slice(0, 8);
  const org = await createOrganisation(db, {
    name: overrides.name ?? `Org ${suffix}`,
    slug: `org-${suffix}`,
  });
  const team = await createTeam(db, { orgId: org.id, name: "Support" });
  const person = (role: "agent" | "lead" | "admin", label: string): Promise<PersonRecord> =>
    createPerson(db, {
      orgId: org.id,
      email: `${label}-${suffix}@example.test`,
      displayName: `${label} ${suffix}`,
      role,
      availability: "available",
      teamIds: [team.id],
    });
  const agent = await person("agent", "agent");
  const peer = await person("agent", "peer");
  const lead = await person("lead", "lead");
  const admin = await person("admin", "admin");
  const { conversation } = await findOrCreateConversation(db, {
    orgId: org.id,
    teamId: team.id,
    channel: overrides.channel ?? "chat",
    externalId: `conv-${suffix}`,
    assignedPersonId: agent.id,
    topic: overrides.topic ?? "billing",
  });
  return { org, team, agent, peer, lead, admin, conversation };
}

/**
 * seedOrganisation on a database a migration test holds at an older schema. The store's own
 * functions write columns later migrations add (0054's conversation origin), so the seed has them
 * for a moment; the database is then as its migrations left it, for the upgrade to fill in.
 */
export async function seedOrganisationAtOldSchema(db: Queryable): Promise<SeededOrganisation> {
  await db.query("ALTER TABLE conversations ADD COLUMN origin text NOT NULL DEFAULT 'api'");
  try {
    return await seedOrganisation(db);
  } finally {
    await db.query("ALTER TABLE conversations DROP COLUMN origin");
  }
}
