import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import { createOrganisation, createPerson } from "../../src/store/index.ts";
import { createWorld, message, PASSWORD, type World } from "./factories.ts";
import { FakeReceiver } from "./fakeReceiver.ts";

/*
 * A reply its organisation's own reply webhook did not take says whose webhook it was and what to
 * do: in the dead letter Admin → Integrations lists, on the reply in the transcript, and in the
 * log line (with the organisation's id), so neither the admin nor whoever runs the server has to
 * guess which of the organisations' helpdesks failed. A real HTTP receiver stands in for the
 * helpdesk; a port nothing listens on (3961, this task's range) for one that is down. The reply
 * webhook's loop walks every organisation's replies, so while one organisation's receiver fails
 * another's admins are told so without its details.
 */
const DOWN = "http://127.0.0.1:3961/replies";
const helpdesk = new FakeReceiver();
const logLines: Record<string, unknown>[] = [];
let world: World;
let token: string;

beforeAll(async () => {
  await helpdesk.start();
  world = await createWorld({
    env: {
      TAGTEAM_DELIVERY_RETRY_BASE_MS: "1",
      TAGTEAM_DELIVERY_RETRY_MAX_MS: "50",
      // A helpdesk that is down: a few attempts, then the reply is too old and a dead letter.
      TAGTEAM_REPLY_MAX_AGE_MS: "1000",
      TAGTEAM_LOG_LEVEL: "warn",
    },
    logStream: { write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  token = await world.token("leadA", ["ingest"]);
});

afterAll(async () => {
  await world?.close();
  await helpdesk.stop();
});

const useWebhook = async (url: string) => {
  const r = await world.inject({
    method: "PUT",
    url: "/api/v1/admin/integrations/reply-webhook",
    as: "admin",
    payload: { url },
  });
  expect(r.statusCode, r.body).toBe(200);
};

/** A helpdesk conversation `key` and a teammate's reply on it; the reply's delivery once settled. */
const replyOn = async (key: string) => {
  const posted = await world.postMessages(
    token,
    message({ teamId: world.teams.a, conversationId: key, text: "Where is my refund?" }),
  );
  const conversationId = posted.json().results[0].conversationId as string;
  const r = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/messages`,
    as: "agentA",
    payload: { text: "It went out this morning." },
  });
  expect(r.statusCode, r.body).toBe(201);
  const messageId = r.json().result.messageId as string;
  await world.app.ctx.bus.idle();
  const detail = await world.inject({
    method: "GET",
    url: `/api/v1/conversations/${conversationId}`,
    as: "agentA",
  });
  const line = detail.json().conversation.messages.find((m: { id: string }) => m.id === messageId);
  const listed = await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
  const deadLetter = listed
    .json()
    .deadLetters.find((d: { conversationId: string }) => d.conversationId === conversationId);
  return {
    delivery: line.delivery as { state: string; error: string },
    deadLetter: deadLetter as { lastError: string },
  };
};

describe("a reply the organisation's own reply webhook did not take", () => {
  it("refused (401): says it was the organisation's own webhook and to give the helpdesk a new secret", async () => {
    await useWebhook(helpdesk.url("/replies"));
    helpdesk.answer = 401;
    const { delivery, deadLetter } = await replyOn("hd-refused");
    const said =
      "the organisation's own reply webhook (Admin → Integrations → Where replies and whispers go → Reply webhook) answered 401 to the reply on conversation hd-refused: the helpdesk does not accept the signature. Make a new signing secret on Admin → Integrations and give it to the helpdesk";
    expect(delivery).toMatchObject({ state: "failed", error: said });
    expect(deadLetter.lastError).toBe(said);
    expect(logLines).toContainEqual(
      expect.objectContaining({ msg: "delivery refused: dead letter", orgId: world.orgId, error: said }),
    );
  });

  it("down: says whose webhook could not be reached, why, and what to check", async () => {
    await useWebhook(DOWN);
    const { delivery, deadLetter } = await replyOn("hd-down");
    expect(delivery.state).toBe("failed");
    expect(deadLetter.lastError).toMatch(
      /the receiver was failing: could not reach the organisation's own reply webhook \(Admin → Integrations → Where replies and whispers go → Reply webhook\): check its address and that the helpdesk is up \(ECONNREFUSED/,
    );
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: "delivery expired: dead letter",
        orgId: world.orgId,
        error: deadLetter.lastError,
      }),
    );
  });
});

describe("another organisation's failing reply webhook", () => {
  it("is shown in full to its own admins, and not at all to another organisation's, whose replies do not wait behind it", async () => {
    const other = await createOrganisation(world.store, { name: "Elsewhere", slug: "elsewhere-replies" });
    await createPerson(world.store, {
      orgId: other.id,
      email: "admin@elsewhere-replies.example",
      displayName: "Elsa",
      role: "admin",
      availability: "available",
      teamIds: [],
      passwordHash: await hashPassword(PASSWORD),
    });
    const login = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "admin@elsewhere-replies.example", password: PASSWORD },
    });
    const cookie = `tagteam_session=${login.cookies.find((c) => c.name === "tagteam_session")?.value}`;
    const failingAs = async (headers: Record<string, string> | null) => {
      const r = headers
        ? await world.app.app.inject({ method: "GET", url: "/api/v1/admin/deliveries", headers })
        : await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
      expect(r.statusCode, r.body).toBe(200);
      return r.json().processors.find((p: { name: string }) => p.name === "reply-webhook")?.failing as {
        lastError: string;
      } | null;
    };
    // The previous test left this organisation's webhook failing (nothing listens there).
    expect((await failingAs(null))?.lastError).toContain(
      "could not reach the organisation's own reply webhook",
    );
    // Its own receiver's failure holds up only its own replies (they wait in its hold): another
    // organisation's are not behind it, and its admins see nothing of it.
    const seenElsewhere = await failingAs({ cookie });
    expect(seenElsewhere).toBeNull();
  });
});
