import { createApiToken, generateToken, hashToken, listPeople } from "../store/index.ts";
import type { RunningServer } from "./main.ts";

/**
 * What the demo replay needs to post through the public API like any channel would: an ingest
 * token acting as the demo lead, the team, the agents to hand conversations to, and the lead (whom
 * the demo's simulated teammates act for too).
 */
export async function createDemoCredentials(
  running: RunningServer,
): Promise<{ token: string; teamId: string; agents: string[]; lead: string }> {
  if (running.demo === null) throw new Error("the demo workspace was not created");
  const orgId = running.boot.orgId;
  const people = await listPeople(running.store, { orgId, teamId: running.demo.teamId });
  const lead = people.find((p) => p.role === "lead") ?? people[0];
  if (lead === undefined) throw new Error("the demo team has nobody in it");
  const token = `tt_${generateToken()}`;
  await createApiToken(running.store, {
    orgId,
    personId: lead.id,
    name: "demo replay",
    scopes: ["ingest"],
    tokenHash: hashToken(token),
  });
  return {
    token,
    teamId: running.demo.teamId,
    agents: people.filter((p) => p.role === "agent").map((p) => p.email),
    lead: lead.email,
  };
}
