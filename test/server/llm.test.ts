import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

/*
 * The optional language model against a real HTTP server speaking the OpenAI chat-completions
 * shape (a node:http server in this file that records what it is sent), and the same routes with
 * no model configured.
 */

interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    max_tokens?: number;
  };
  raw: string;
}

type Mode = "ok" | "fail" | "slow" | "garbage";
const fake = {
  mode: "ok" as Mode,
  reply: "Mirror her words: say you understand the refund has been a long wait, then confirm it today.",
  requests: [] as Recorded[],
};
let server: Server;
let port = 0;

const EMAIL = "nia.jones@example.com";
const PHONE = "+44 7700 900123";
const API_KEY = "sk-local-test-key-123";
const WHISPER_MARKER = "ZEBRA whisper only the agent sees";

let withLlm: World;
let withoutLlm: World;
const logLines: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      fake.requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: JSON.parse(raw) as Recorded["body"],
        raw,
      });
      const answer = () => {
        if (fake.mode === "fail") {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "model crashed" } }));
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          fake.mode === "garbage"
            ? JSON.stringify({ choices: [] })
            : JSON.stringify({
                id: "chatcmpl-1",
                object: "chat.completion",
                model: "tiny",
                choices: [
                  { index: 0, message: { role: "assistant", content: fake.reply }, finish_reason: "stop" },
                ],
              }),
        );
      };
      if (fake.mode === "slow") setTimeout(answer, 1_500);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  withLlm = await createWorld({
    env: {
      TAGTEAM_LLM_URL: `http://127.0.0.1:${port}/v1/`,
      TAGTEAM_LLM_MODEL: "tiny-test-model",
      TAGTEAM_LLM_API_KEY: API_KEY,
      TAGTEAM_LLM_TIMEOUT_MS: "400",
      TAGTEAM_LOG_LEVEL: "warn",
    },
    logStream: { write: (line) => void logLines.push(line) },
  });
  withoutLlm = await createWorld();
});
afterAll(async () => {
  await withLlm?.close();
  await withoutLlm?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => {
  fake.mode = "ok";
  fake.requests = [];
});

let counter = 0;
/** A conversation in team A handled by agentA: personal data, a wrong answer, an angry customer. */
async function troubledConversation(world: World): Promise<string> {
  const token = await world.token("agentA", ["ingest"]);
  const id = `llm-conv-${++counter}`;
  const lines = [
    { role: "customer", text: "Hi, I want to return my boots, they arrived broken.", author: "Nia Jones" },
    { role: "agent", text: "Returns are accepted within 7 days of delivery.", author: "agent.a@example.com" },
    {
      role: "customer",
      text: `That's not what your site says! Write to ${EMAIL} or call ${PHONE}, I'm fed up with waiting.`,
    },
    { role: "agent", text: "Sorry, rules are rules.", author: "agent.a@example.com" },
    { role: "customer", text: "This is ridiculous. I want a manager now." },
  ];
  let conversationId = "";
  for (const [i, line] of lines.entries()) {
    const r = await world.postMessages(
      token,
      message({ teamId: world.teams.a, conversationId: id, senderMessageId: `${id}-${i}`, ...line }),
    );
    expect(r.statusCode).toBe(200);
    conversationId = r.json().results[0].conversationId as string;
  }
  return conversationId;
}

const draft = (world: World, id: string, as: "peerA" | "agentA" | "leadA" | "agentB" = "peerA") =>
  // The web app posts `{}`, as it does to every POST route.
  world.inject({ method: "POST", url: `/api/v1/conversations/${id}/whisper-draft`, as, payload: {} });

const transfer = (world: World, id: string) =>
  world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/transfer`,
    as: "agentA",
    payload: { toPersonId: world.people.peerA.id, note: "She wants the manager's word." },
  });

describe("GET /llm", () => {
  it("says whether a language model is configured", async () => {
    expect((await withLlm.inject({ method: "GET", url: "/api/v1/llm", as: "agentA" })).json()).toEqual({
      enabled: true,
    });
    expect((await withoutLlm.inject({ method: "GET", url: "/api/v1/llm", as: "agentA" })).json()).toEqual({
      enabled: false,
    });
    expect((await withLlm.app.app.inject({ method: "GET", url: "/api/v1/llm" })).statusCode).toBe(401);
  });
});

describe("POST /conversations/:id/whisper-draft", () => {
  it("returns the endpoint's text, sending the model, the key and the transcript without personal data or whispers", async () => {
    const id = await troubledConversation(withLlm);
    const whisper = await withLlm.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/step-in`,
      as: "peerA",
      payload: { kind: "whisper", text: WHISPER_MARKER },
    });
    expect(whisper.statusCode).toBe(201);
    const interventionsBefore = (
      await withLlm.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "leadA" })
    ).json().conversation.interventions.length as number;

    const r = await draft(withLlm, id);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ draft: fake.reply });

    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0];
    if (sent === undefined) throw new Error("no request");
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body.model).toBe("tiny-test-model");
    expect(sent.body.messages?.map((m) => m.role)).toEqual(["system", "user"]);
    const user = sent.body.messages?.[1]?.content ?? "";
    // The customer-visible transcript, with the engine's reading…
    expect(user).toContain("Returns are accepted within 7 days of delivery.");
    expect(user).toContain("I want a manager now.");
    expect(user).toMatch(/Why the conversation was flagged: /);
    // …and no personal data, and never a whisper.
    expect(sent.raw).not.toContain(EMAIL);
    expect(sent.raw).not.toContain("7700 900123");
    expect(sent.raw).not.toContain("900123");
    expect(sent.raw).not.toContain("Nia Jones");
    expect(user).toContain("[EMAIL]");
    expect(sent.raw).not.toContain("ZEBRA");

    // Nothing stored, nobody told.
    const after = (
      await withLlm.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "leadA" })
    ).json();
    expect(after.conversation.interventions).toHaveLength(interventionsBefore);

    const metrics = (await withLlm.app.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(/tagteam_llm_requests_total\{purpose="whisper_draft",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/tagteam_llm_request_duration_seconds_count\{purpose="whisper_draft"\} [1-9]/);
  });

  it("sends the knowledge fact the engine cited when the agent contradicted it", async () => {
    const id = await troubledConversation(withLlm);
    await draft(withLlm, id);
    const user = fake.requests[0]?.body.messages?.[1]?.content ?? "";
    expect(user).toContain("Items can be returned within 30 days of delivery.");
  });

  it("answers 503 when the endpoint fails, times out or answers nonsense, and logs why without the text", async () => {
    const id = await troubledConversation(withLlm);
    logLines.length = 0;
    fake.mode = "fail";
    const failed = await draft(withLlm, id);
    expect(failed.statusCode).toBe(503);
    expect(failed.json().error).toMatchObject({
      code: "UNAVAILABLE",
      message: expect.stringMatching(/could not draft/),
    });

    fake.mode = "slow";
    const started = Date.now();
    const slow = await draft(withLlm, id);
    expect(slow.statusCode).toBe(503);
    expect(slow.json().error.message).toMatch(/did not answer in time/);
    expect(Date.now() - started).toBeLessThan(1_400);

    fake.mode = "garbage";
    expect((await draft(withLlm, id)).statusCode).toBe(503);

    const warnings = logLines.filter((l) => l.includes("language model request failed"));
    expect(warnings).toHaveLength(3);
    expect(warnings.join("\n")).toMatch(/answered 500/);
    expect(warnings.join("\n")).toMatch(/no answer within 400 ms/);
    for (const line of logLines) {
      expect(line).not.toContain(API_KEY);
      expect(line).not.toContain("ridiculous");
      expect(line).not.toContain(EMAIL);
    }
    const metrics = (await withLlm.app.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(
      /tagteam_llm_requests_total\{purpose="whisper_draft",outcome="http_error"\} [1-9]/,
    );
    expect(metrics).toMatch(/tagteam_llm_requests_total\{purpose="whisper_draft",outcome="timeout"\} [1-9]/);
    expect(metrics).toMatch(
      /tagteam_llm_requests_total\{purpose="whisper_draft",outcome="bad_response"\} [1-9]/,
    );
  });

  it("answers 503 with no model configured, after the same access rules as a whisper", async () => {
    const id = await troubledConversation(withoutLlm);
    const r = await draft(withoutLlm, id);
    expect(r.statusCode).toBe(503);
    expect(r.json().error.message).toMatch(/no language model is configured/);
    expect(fake.requests).toHaveLength(0);
    // The conversation's own agent raises a hand instead; another team sees nothing.
    expect((await draft(withoutLlm, id, "agentA")).statusCode).toBe(403);
    expect((await draft(withoutLlm, id, "agentB")).statusCode).toBe(404);
  });

  it("refuses a closed conversation with 409, asking the model nothing", async () => {
    const id = await troubledConversation(withLlm);
    const closed = await withLlm.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/close`,
      as: "leadA",
    });
    expect(closed.statusCode).toBe(200);
    expect((await draft(withLlm, id)).statusCode).toBe(409);
    expect((await draft(withLlm, id, "agentA")).statusCode).toBe(403);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("warm transfer and takeover summaries", () => {
  it("stores the model's prose first and the built-in summary below it", async () => {
    fake.reply =
      "The customer's boots arrived broken and she was told the wrong return window. Apologise and confirm the 30 days.";
    const id = await troubledConversation(withLlm);
    const r = await transfer(withLlm, id);
    expect(r.statusCode, r.body).toBe(201);
    const summary = r.json().intervention.summary as string;
    const [prose, builtIn] = summary.split("\n\n");
    expect(prose).toBe(fake.reply);
    expect(builtIn).toMatch(/^Nia Jones \(chat\), handed over by Aaron Agent after 5 messages\./);
    expect(builtIn).toContain("Note from Aaron Agent: She wants the manager's word.");

    const sent = fake.requests[0];
    expect(fake.requests).toHaveLength(1);
    expect(sent?.body.model).toBe("tiny-test-model");
    const user = sent?.body.messages?.[1]?.content ?? "";
    expect(user).toContain("handed over by");
    expect(user).toContain("I want a manager now.");
    expect(sent?.raw).not.toContain(EMAIL);
    expect(sent?.raw).not.toContain("900123");
    expect(sent?.raw).not.toContain("Aaron");
  });

  it("falls back to exactly today's summary when the model fails or is slow, and is today's without a model", async () => {
    const today = await transfer(withoutLlm, await troubledConversation(withoutLlm));
    expect(today.statusCode).toBe(201);
    const expected = today.json().intervention.summary as string;
    expect(expected).toMatch(/^Nia Jones \(chat\), handed over by Aaron Agent/);
    expect(fake.requests).toHaveLength(0);

    for (const mode of ["fail", "slow"] as const) {
      fake.mode = mode;
      const r = await transfer(withLlm, await troubledConversation(withLlm));
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().intervention.summary).toBe(expected);
    }
    const metrics = (await withLlm.app.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(
      /tagteam_llm_requests_total\{purpose="transfer_summary",outcome="timeout"\} [1-9]/,
    );
  });

  it("accepting a takeover offer gets the prose too, and today's summary on failure", async () => {
    fake.reply =
      "The customer wants her broken boots returned and is angry about a wrong answer. Start by apologising.";
    for (const mode of ["ok", "fail"] as const) {
      fake.mode = mode;
      const id = await troubledConversation(withLlm);
      const offer = await withLlm.inject({
        method: "POST",
        url: `/api/v1/conversations/${id}/step-in`,
        as: "peerA",
        payload: { kind: "takeover_offer" },
      });
      expect(offer.statusCode).toBe(201);
      const accepted = await withLlm.inject({
        method: "POST",
        url: `/api/v1/interventions/${offer.json().intervention.id}/accept`,
        as: "agentA",
        payload: {},
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      const summary = accepted.json().intervention.summary as string;
      if (mode === "ok")
        expect(summary.startsWith(`${fake.reply}\n\nNia Jones (chat), handed over by Aaron Agent`)).toBe(
          true,
        );
      else expect(summary).toMatch(/^Nia Jones \(chat\), handed over by Aaron Agent/);
    }
  });
});
