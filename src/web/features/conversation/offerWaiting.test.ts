import { describe, expect, it } from "vitest";
import { offerWaitingFrom } from "./offerWaiting.ts";

const offer = (status: string, fromId: string, fromName: string | null) => ({
  kind: "takeover_offer",
  status,
  fromId,
  fromName,
});

describe("offerWaitingFrom", () => {
  it("names whose offer to take over waits for an answer, 'you' for your own", () => {
    expect(offerWaitingFrom([offer("offered", "p2", "Petra Peer")], "p1")).toBe("Petra Peer");
    expect(offerWaitingFrom([offer("offered", "p1", "Me Myself")], "p1")).toBe("you");
    expect(offerWaitingFrom([offer("offered", "p2", null)], "p1")).toBe("A teammate");
  });

  it("is null when every offer was answered, withdrawn, or there is none", () => {
    expect(offerWaitingFrom([], "p1")).toBeNull();
    expect(
      offerWaitingFrom(
        [
          offer("declined", "p2", "Petra"),
          offer("accepted", "p3", "Paul"),
          offer("withdrawn", "p2", "Petra"),
        ],
        "p1",
      ),
    ).toBeNull();
    expect(
      offerWaitingFrom([{ kind: "whisper", status: "done", fromId: "p2", fromName: "Petra" }], "p1"),
    ).toBeNull();
  });
});
