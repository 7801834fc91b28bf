import { randomBytes } from "node:crypto";
import {
  createKnowledgeFact,
  createOrganisation,
  createPerson,
  createTeam,
  listOrganisations,
  listPeople,
  listTeams,
  recordTopicExperience,
  type Store,
} from "../store/index.ts";
import { hashPassword } from "./auth/passwords.ts";
import { seedDemoScenario } from "./practice/demoScenario.ts";
import { seedDemoHistory } from "./numbers/demoHistory.ts";
import { seedDemoPulses } from "./pulses/demoPulses.ts";
import { seedDemoNotes } from "./numbers/demoNotes.ts";

export const DEMO_TEAM_NAME = "Support (demo)";
/** Every demo teammate signs in with this password (the demo is for trying things out). */
export const DEMO_PASSWORD = "tagteam-demo-password";

export interface BootstrapResult {
  orgId: string;
  /** Set only when the first admin was created in this run: print it once. */
  createdAdmin: { email: string; password: string; generated: boolean } | null;
}

/** First start: the organisation and its first admin (from the environment, or generated and shown once). */
export async function bootstrap(
  store: Store,
  admin: { email: string; password: string } | null,
): Promise<BootstrapResult> {
  return store.transaction(async (tx) => {
    const [existing] = await listOrganisations(tx);
    const org = existing ?? (await createOrganisation(tx, { name: "tagteam", slug: "tagteam" }));
    const admins = await listPeople(tx, { orgId: org.id, roles: ["admin"] });
    if (admins.length > 0) return { orgId: org.id, createdAdmin: null };
    const email = admin?.email ?? "admin@tagteam.local";
    const password = admin?.password ?? randomBytes(12).toString("base64url");
    await createPerson(tx, {
      orgId: org.id,
      email,
      displayName: "Admin",
      role: "admin",
      passwordHash: await hashPassword(password),
      availability: "available",
    });
    return { orgId: org.id, createdAdmin: { email, password, generated: admin === null } };
  });
}

export interface DemoWorkspace {
  teamId: string;
  people: { email: string; name: string; role: "agent" | "lead"; topics: string[] }[];
}

const DEMO_PEOPLE: DemoWorkspace["people"] = [
  { email: "lee.lead@demo.tagteam.local", name: "Lee Park", role: "lead", topics: ["billing", "refunds"] },
  {
    email: "ana.agent@demo.tagteam.local",
    name: "Ana Silva",
    role: "agent",
    topics: ["returns", "shipping"],
  },
  {
    email: "ben.agent@demo.tagteam.local",
    name: "Ben Okafor",
    role: "agent",
    topics: ["billing", "accounts"],
  },
  {
    email: "cho.agent@demo.tagteam.local",
    name: "Cho Yamada",
    role: "agent",
    topics: ["refunds", "returns"],
  },
  {
    email: "dev.agent@demo.tagteam.local",
    name: "Dev Patel",
    role: "agent",
    topics: ["shipping", "technical"],
  },
];

const DEMO_FACTS = [
  {
    topic: "returns",
    key: "return_window",
    value: 30,
    unit: "day",
    statement: "Items can be returned within 30 days of delivery.",
  },
  {
    topic: "refunds",
    key: "refund_time",
    value: 5,
    unit: "business day",
    statement: "Refunds reach the original payment method within 5 business days.",
  },
  {
    topic: "shipping",
    key: "standard_shipping",
    value: 3,
    unit: "day",
    statement: "Standard shipping takes 3 days.",
  },
  {
    topic: "shipping",
    key: "free_shipping_threshold",
    value: 50,
    unit: "USD",
    statement: "Shipping is free on orders over $50.",
  },
  { topic: "billing", key: "late_fee", value: 15, unit: "USD", statement: "The late payment fee is $15." },
];

/** The demo team (a lead, four agents with topics, a few knowledge facts), created once. */
export async function ensureDemoWorkspace(store: Store, orgId: string): Promise<DemoWorkspace> {
  return store.transaction(async (tx) => {
    const existing = (await listTeams(tx, orgId)).find((t) => t.name === DEMO_TEAM_NAME);
    if (existing !== undefined) return { teamId: existing.id, people: DEMO_PEOPLE };
    const team = await createTeam(tx, { orgId, name: DEMO_TEAM_NAME });
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const p of DEMO_PEOPLE) {
      const person = await createPerson(tx, {
        orgId,
        email: p.email,
        displayName: p.name,
        role: p.role,
        passwordHash,
        availability: "available",
        teamIds: [team.id],
      });
      for (const topic of p.topics)
        await recordTopicExperience(tx, { orgId, personId: person.id, topic, weight: 1 });
    }
    for (const f of DEMO_FACTS) {
      await createKnowledgeFact(tx, { orgId, teamId: team.id, ...f, status: "published" });
    }
    await seedDemoScenario(tx, orgId, team.id);
    // Eight weeks of the team's past, so the Numbers page has a history to draw.
    await seedDemoHistory(tx, orgId, team.id, Date.now());
    // A pulse every two weeks of that history, the team warmer after the coaching push.
    await seedDemoPulses(tx, orgId, team.id, Date.now());
    // What the team wrote down meanwhile: published insights, feedback with replies, journals.
    await seedDemoNotes(tx, orgId, team.id, Date.now());
    return { teamId: team.id, people: DEMO_PEOPLE };
  });
}
