import { describe, expect, it } from "vitest";
import {
  clientFrameSchema,
  ingestBatchSchema,
  ingestBodySchema,
  PROTOCOL_VERSION,
  serverFrameSchema,
} from "./index.ts";

describe("protocol", () => {
  it("accepts a hello with the protocol version and a resume id", () => {
    const frame = clientFrameSchema.parse({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      lastEventId: "42",
    });
    expect(frame.type).toBe("hello");
  });

  it("refuses a frame of unknown type", () => {
    expect(clientFrameSchema.safeParse({ type: "shout" }).success).toBe(false);
  });

  it("lists every problem of a bad ingest batch at once", () => {
    const result = ingestBatchSchema.safeParse({
      messages: [{ senderMessageId: "", role: "robot", text: "" }],
    });
    const paths = result.error?.issues.map((issue) => issue.path.join(".")).sort();
    expect(paths).toEqual([
      "messages.0.conversationId",
      "messages.0.role",
      "messages.0.senderMessageId",
      "messages.0.teamId",
      "messages.0.text",
    ]);
  });

  it("accepts one message or a batch", () => {
    const one = { senderMessageId: "m1", conversationId: "c1", teamId: "t1", role: "customer", text: "hi" };
    expect(ingestBodySchema.safeParse(one).success).toBe(true);
    expect(ingestBodySchema.safeParse({ messages: [one, { ...one, senderMessageId: "m2" }] }).success).toBe(
      true,
    );
  });

  it("describes an event frame the web app can parse", () => {
    const frame = serverFrameSchema.parse({
      type: "event",
      event: {
        id: "7",
        type: "alert.raised",
        teamId: "t1",
        conversationId: "c1",
        personId: "p1",
        data: { alertId: "a1" },
        at: "2026-01-01T00:00:00.000Z",
      },
    });
    expect(frame.type).toBe("event");
  });
});
