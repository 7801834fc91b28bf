// The conversation history: GET /conversations?order=started lists a team's conversations newest
// first by when they began, searchable and filterable, paged by the last one shown, within the
// caller's teams; bad parameters are all named at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
const started: string[] = [];

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("agentA", ["ingest"]);
  const customers = ["Rosa Wong", "Kim Novak", "Rosalind Park", "Omar Haddad", "Lena Fischer"];
  for (const [i, name] of customers.entries()) {
    const response = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: `history-${i}`,
        senderMessageId: `history-${i}-0`,
        author: name,
        channel: i === 4 ? "email" : "chat",
        topic: i % 2 === 0 ? "refunds" : "billing",
      }),
    });
    expect(response.statusCode).toBe(200);
    started.push((response.json() as { results: { conversationId: string }[] }).results[0]!.conversationId);
  }
  // Sam (agent A) answers Rosa: the conversation is his.
  const answer = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/messages",
    headers: { authorization: `Bearer ${token}` },
    payload: message({
      teamId: world.teams.a,
      conversationId: "history-0",
      senderMessageId: "history-0-1",
      role: "agent",
      author: world.people.agentA.email,
      text: "Hi Rosa, I can help with that.",
    }),
  });
  expect(answer.statusCode).toBe(200);
  const other = await world.token("agentB", ["ingest"]);
  await world.app.app.inject({
    method: "POST",
    url: "/api/v1/messages",
    headers: { authorization: `Bearer ${other}` },
    payload: message({ teamId: world.teams.b, conversationId: "history-b", author: "Rosa Berg" }),
  });
  const close = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${started[1]}/close`,
    as: "agentA",
  });
  expect(close.statusCode).toBe(200);
});
afterAll(async () => {
  await world?.close();
});

const list = async (query: string, as: "leadA" | "agentA" | "leadB" | "admin" = "leadA") => {
  const response = await world.inject({ method: "GET", url: `/api/v1/conversations?${query}`, as });
  return response;
};
const names = async (query: string, as?: "leadA" | "agentA" | "leadB" | "admin") =>
  ((await list(query, as)).json() as { conversations: { customerName: string | null }[] }).conversations.map(
    (c) => c.customerName,
  );

describe("conversation history", () => {
  it("lists the caller's teams newest first by start, open and closed, paged with nextAfter", async () => {
    const all = ["Lena Fischer", "Omar Haddad", "Rosalind Park", "Kim Novak", "Rosa Wong"];
    expect(await names("order=started&status=all")).toEqual(all);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = (
        await list(`order=started&status=all&limit=2${after !== null ? `&after=${after}` : ""}`)
      ).json() as { conversations: { customerName: string }[]; nextAfter: string | null };
      seen.push(...page.conversations.map((c) => c.customerName));
      after = page.nextAfter;
    } while (after !== null);
    expect(seen).toEqual(all);
    // The floor's order (riskiest first) has no pages.
    expect((await list("status=all")).json()).toMatchObject({ nextAfter: null });
  });

  it("searches names and subjects in any case, and filters by status, channel, topic, agent and start", async () => {
    expect(await names("order=started&status=all&q=ROSA")).toEqual(["Rosalind Park", "Rosa Wong"]);
    expect(await names("order=started&status=closed")).toEqual(["Kim Novak"]);
    expect(await names("order=started&status=all&channel=email")).toEqual(["Lena Fischer"]);
    expect(await names("order=started&status=all&topic=billing")).toEqual(["Omar Haddad", "Kim Novak"]);
    expect(await names(`order=started&status=all&agentId=${world.people.peerA.id}`)).toEqual([]);
    expect(await names(`order=started&status=all&agentId=${world.people.agentA.id}`)).toEqual(["Rosa Wong"]);
    expect(await names("order=started&status=all&until=2000-01-01T00:00:00Z")).toEqual([]);
    expect(await names("order=started&status=all&since=2000-01-01T00:00:00Z")).toHaveLength(5);
  });

  it("stays within the caller's teams: another team's lead finds nothing of team A's (naming the team is not found), the admin finds both", async () => {
    expect(await names("order=started&status=all&q=rosa", "leadB")).toEqual(["Rosa Berg"]);
    expect(await names("order=started&status=all&q=rosa", "agentA")).toEqual(["Rosalind Park", "Rosa Wong"]);
    expect(await names("order=started&status=all&q=rosa", "admin")).toEqual(
      expect.arrayContaining(["Rosa Berg", "Rosalind Park", "Rosa Wong"]),
    );
    expect((await list(`order=started&teamId=${world.teams.a}`, "leadB")).statusCode).toBe(404);
  });

  it("names every bad parameter at once", async () => {
    const response = await list(
      "order=started&q=%20&since=yesterday&until=2026-01-01T00:00:00Z&order=oldest",
    );
    expect(response.statusCode).toBe(400);
    const bad = await list("after=abc&since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z&q=%20");
    expect(bad.statusCode).toBe(400);
    const problems = JSON.stringify(bad.json());
    expect(problems).toContain("after");
    expect(problems).toContain("until");
    expect(problems).toContain("q");
  });
});
