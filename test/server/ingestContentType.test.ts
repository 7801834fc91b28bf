import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

/*
 * `curl -d '{…}'` without `-H "Content-Type: application/json"` sends the JSON as a form. The
 * answer said only "Unsupported Media Type", which does not tell someone trying the API what to add.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("a JSON body sent without its content type", () => {
  it("is refused with a message naming the header to send and the one that came", async () => {
    const body = JSON.stringify({
      senderMessageId: "ct-1",
      conversationId: "ct-1",
      teamId: world.teams.a,
      role: "customer",
      text: "Hello",
    });
    const answer = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: {
        authorization: `Bearer ${await world.token("agentA", ["ingest"])}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: body,
    });
    expect(answer.statusCode).toBe(400);
    const { error } = answer.json() as {
      error: { code: string; message: string; details: { issues: unknown[] } };
    };
    const said =
      "The body must be JSON, sent with the header Content-Type: application/json (this request's was application/x-www-form-urlencoded)";
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", message: said });
    expect(error.details.issues).toEqual([
      { path: ["body"], message: said, code: "FST_ERR_CTP_INVALID_MEDIA_TYPE" },
    ]);
  });
});
