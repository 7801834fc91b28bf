// Corrections an admin makes in place: a knowledge fact whose policy changed (the live engine checks
// claims against the new value at once) and a team's name; both audited with what changed, refused
// to everyone else, and bad input named without changing anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
let token: string;
beforeAll(async () => {
  world = await createWorld();
  token = await world.token("agentA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

/** The verdicts of the fact checks on an agent line saying `text` in a new conversation. */
async function verdictsOn(conversationId: string, text: string): Promise<string[]> {
  for (const [i, [role, line]] of (
    [
      ["customer", "How long do I have to send back these boots?"],
      ["agent", text],
    ] as const
  ).entries()) {
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId,
        senderMessageId: `${conversationId}-${i}`,
        role,
        text: line,
        topic: "returns",
        ...(role === "agent" ? { author: world.people.agentA.email } : {}),
      }),
    );
    expect(r.statusCode).toBe(200);
  }
  const { conversations } = (
    await world.inject({
      method: "GET",
      url: "/api/v1/conversations?status=all&order=started&limit=1",
      as: "leadA",
    })
  ).json() as { conversations: { id: string }[] };
  const detail = (
    await world.inject({ method: "GET", url: `/api/v1/conversations/${conversations[0]!.id}`, as: "leadA" })
  ).json();
  return detail.conversation.messages.flatMap(
    (m: { analysis: { factChecks?: { verdict: string }[] } | null }) =>
      m.analysis?.factChecks?.map((c) => c.verdict) ?? [],
  );
}

describe("correcting a knowledge fact", () => {
  it("the engine checks claims against the corrected value at once; audited with old and new", async () => {
    const facts = (await world.inject({ method: "GET", url: "/api/v1/knowledge/facts", as: "admin" })).json()
      .facts as { id: string; key: string | null }[];
    const window = facts.find((f) => f.key === "return_window");
    if (window === undefined) throw new Error("the world has a return window");
    expect(await verdictsOn("fact-edit-1", "You can return them within 45 days of delivery.")).toContain(
      "contradicts",
    );

    const patched = await world.inject({
      method: "PATCH",
      url: `/api/v1/knowledge/facts/${window.id}`,
      as: "admin",
      payload: { value: 45, statement: "Items can be returned within 45 days of delivery." },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().fact).toMatchObject({ value: 45, unit: "day", key: "return_window" });
    const verdicts = await verdictsOn("fact-edit-2", "You can return them within 45 days of delivery.");
    expect(verdicts).not.toContain("contradicts");
    expect(verdicts).toContain("agrees");

    const entry = (await listAuditEntries(world.store, { orgId: world.orgId, limit: 50 })).find(
      (e) => e.action === "knowledge.updated",
    );
    expect(entry).toMatchObject({
      targetId: window.id,
      actorId: world.people.admin.id,
      details: {
        value: { from: 30, to: 45 },
        statement: {
          from: "Items can be returned within 30 days of delivery.",
          to: "Items can be returned within 45 days of delivery.",
        },
      },
    });
  });

  it("is the admin's alone; bad input is named and changes nothing; another organisation's fact is not found", async () => {
    const facts = (await world.inject({ method: "GET", url: "/api/v1/knowledge/facts", as: "admin" })).json()
      .facts as { id: string; statement: string }[];
    const fact = facts[0]!;
    const lead = await world.inject({
      method: "PATCH",
      url: `/api/v1/knowledge/facts/${fact.id}`,
      as: "leadA",
      payload: { value: 60 },
    });
    expect(lead.statusCode).toBe(403);
    const bad = await world.inject({
      method: "PATCH",
      url: `/api/v1/knowledge/facts/${fact.id}`,
      as: "admin",
      payload: { statement: "  ", value: { days: 60 }, teamId: world.teams.b },
    });
    expect(bad.statusCode).toBe(400);
    const problems = JSON.stringify(bad.json());
    for (const field of ["statement", "value", "teamId"]) expect(problems).toContain(field);
    const empty = await world.inject({
      method: "PATCH",
      url: `/api/v1/knowledge/facts/${fact.id}`,
      as: "admin",
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain("name at least one field to change");
    const after = (await world.inject({ method: "GET", url: "/api/v1/knowledge/facts", as: "admin" })).json()
      .facts as { id: string; statement: string }[];
    expect(after.find((f) => f.id === fact.id)?.statement).toBe(fact.statement);
    const missing = await world.inject({
      method: "PATCH",
      url: "/api/v1/knowledge/facts/00000000-0000-4000-8000-000000000000",
      as: "admin",
      payload: { value: 1 },
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe("renaming a team", () => {
  it("renames it for everyone, audited with both names; a name in use is a conflict; admins only", async () => {
    const renamed = await world.inject({
      method: "PATCH",
      url: `/api/v1/teams/${world.teams.a}`,
      as: "admin",
      payload: { name: "  Returns desk " },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().team.name).toBe("Returns desk");
    const seen = (await world.inject({ method: "GET", url: "/api/v1/teams", as: "agentA" })).json().teams as {
      id: string;
      name: string;
    }[];
    expect(seen.find((t) => t.id === world.teams.a)?.name).toBe("Returns desk");
    const entry = (await listAuditEntries(world.store, { orgId: world.orgId, limit: 50 })).find(
      (e) => e.action === "team.renamed",
    );
    expect(entry?.details).toMatchObject({ to: "Returns desk" });

    const teams = (await world.inject({ method: "GET", url: "/api/v1/teams", as: "admin" })).json().teams as {
      id: string;
      name: string;
    }[];
    const other = teams.find((t) => t.id === world.teams.b)!;
    const taken = await world.inject({
      method: "PATCH",
      url: `/api/v1/teams/${world.teams.a}`,
      as: "admin",
      payload: { name: other.name },
    });
    expect(taken.statusCode).toBe(409);
    expect(
      (
        await world.inject({
          method: "PATCH",
          url: `/api/v1/teams/${world.teams.a}`,
          as: "leadA",
          payload: { name: "Mine" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await world.inject({
          method: "PATCH",
          url: `/api/v1/teams/${world.teams.a}`,
          as: "admin",
          payload: { name: " " },
        })
      ).statusCode,
    ).toBe(400);
    const unknown = await world.inject({
      method: "PATCH",
      url: "/api/v1/teams/00000000-0000-4000-8000-000000000000",
      as: "admin",
      payload: { name: "Ghosts" },
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe("naming a new team", () => {
  it("a blank name is refused, and so is one another team has but for its case or spaces", async () => {
    const create = (name: string) =>
      world.inject({ method: "POST", url: "/api/v1/teams", as: "admin", payload: { name } });
    const blank = await create("   ");
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details.issues[0]).toMatchObject({
      path: ["body", "name"],
      message: "must not be blank",
    });

    const made = await create("  Billing desk ");
    expect(made.statusCode).toBe(201);
    expect(made.json().team.name).toBe("Billing desk");
    const twin = await create("billing DESK ");
    expect(twin.statusCode).toBe(409);
    expect(twin.json().error.message).toBe("a team named Billing desk already exists");
    const teams = (await world.inject({ method: "GET", url: "/api/v1/teams", as: "admin" })).json().teams as {
      name: string;
    }[];
    expect(teams.filter((t) => t.name.trim() === "" || t.name.toLowerCase() === "billing desk")).toHaveLength(
      1,
    );

    // Renaming: another team's name in other case is taken; the team's own in other case is not.
    const renameTo = (name: string) =>
      world.inject({
        method: "PATCH",
        url: `/api/v1/teams/${world.teams.b}`,
        as: "admin",
        payload: { name },
      });
    expect((await renameTo("BILLING desk")).statusCode).toBe(409);
    const current = (await world.inject({ method: "GET", url: "/api/v1/teams", as: "admin" }))
      .json()
      .teams.find((t: { id: string }) => t.id === world.teams.b) as { name: string };
    const recased = await renameTo(current.name.toUpperCase());
    expect(recased.statusCode).toBe(200);
    expect(recased.json().team.name).toBe(current.name.toUpperCase());
  });
});
