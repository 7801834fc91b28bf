import { expect } from "vitest";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import { createOrganisation, createPerson, createTeam } from "../../src/store/index.ts";
import { message, PASSWORD, TROUBLED_LINES, type World } from "./factories.ts";

/** A second organisation beside the world's: its admin's and its lead's sessions, its team and its id. */
export interface OtherOrganisation {
  admin: string;
  lead: string;
  teamId: string;
  orgId: string;
}

/** Signs a person in and returns their session cookie. */
export async function sessionCookie(world: World, email: string): Promise<string> {
  const r = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email, password: PASSWORD },
  });
  return `tagteam_session=${r.cookies.find((c) => c.name === "tagteam_session")?.value}`;
}

/**
 * "Elsewhere": an organisation with one team, an admin (Elsa), a lead (Leo) and an agent (Ada,
 * `agent@<slug>.example`), all available, the admin and lead signed in.
 */
export async function otherOrganisation(world: World, slug: string): Promise<OtherOrganisation> {
  const org = await createOrganisation(world.store, { name: "Elsewhere", slug });
  const team = await createTeam(world.store, { orgId: org.id, name: "Elsewhere Support" });
  const passwordHash = await hashPassword(PASSWORD);
  for (const [role, displayName] of [
    ["admin", "Elsa Elsewhere"],
    ["lead", "Leo Elsewhere"],
    ["agent", "Ada Elsewhere"],
  ] as const) {
    await createPerson(world.store, {
      orgId: org.id,
      email: `${role}@${slug}.example`,
      displayName,
      role,
      availability: "available",
      teamIds: role === "admin" ? [] : [team.id],
      passwordHash,
    });
  }
  return {
    admin: await sessionCookie(world, `admin@${slug}.example`),
    lead: await sessionCookie(world, `lead@${slug}.example`),
    teamId: team.id,
    orgId: org.id,
  };
}

/** Posts the troubled lines as conversation `key` of a team, with an ingest token; an alert follows. */
export async function troubledConversation(
  world: World,
  token: string,
  teamId: string,
  key: string,
  agentEmail: string,
): Promise<void> {
  for (const [i, line] of TROUBLED_LINES.entries()) {
    const r = await world.postMessages(
      token,
      message({
        teamId,
        conversationId: key,
        senderMessageId: `${key}-${i}`,
        role: line.role,
        text: line.text,
        ...(line.role === "agent" ? { author: agentEmail } : { author: "Casey Customer" }),
      }),
    );
    expect(r.statusCode).toBeLessThan(300);
  }
}
