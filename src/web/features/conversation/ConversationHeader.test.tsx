// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { buildDetail, buildSummary } from "../../testing/factories.ts";
import { ConversationHeader, closedLabel } from "./ConversationHeader.tsx";

afterEach(cleanup);

const NOW = Date.parse("2026-03-02T16:00:00Z");

describe("ConversationHeader", () => {
  it("shows how long an open conversation has been running", () => {
    render(<ConversationHeader c={buildSummary({ startedAt: "2026-03-02T15:58:30Z" })} nowMs={NOW} />);
    expect(screen.getByText(/running 1m 30s/)).toBeTruthy();
    expect(screen.queryByText(/closed/)).toBeNull();
  });

  it("shows how long a closed one lasted and why it was closed", () => {
    render(
      <ConversationHeader
        c={buildSummary({
          status: "closed",
          startedAt: "2026-03-02T10:00:00Z",
          lastMessageAt: "2026-03-02T10:06:00Z",
          closedAt: "2026-03-02T14:06:00Z",
          closedReason: "idle",
        })}
        nowMs={NOW}
      />,
    );
    expect(screen.getByText(/lasted 4h 06m/)).toBeTruthy();
    expect(screen.getByText("closed after 4h 00m without a message")).toBeTruthy();
    expect(screen.queryByText(/running/)).toBeNull();
  });

  it("names the agent once when the one who has it is the one it counts for", () => {
    render(<ConversationHeader c={buildDetail({ agentId: "p-ana", agentName: "Ana Ruiz" })} nowMs={NOW} />);
    expect(screen.getByText("· agent Ana Ruiz")).toBeTruthy();
    expect(screen.queryByText(/handled by/)).toBeNull();
  });

  it("names both for one handed on: whose it is in the history, and who has it now", () => {
    const handedOn = buildDetail({
      agentId: "p-ben",
      agentName: "Ben Cho",
      assigneeId: "p-ben",
      assigneeName: "Ben Cho",
      creditedAgentId: "p-ana",
      creditedAgentName: "Ana Ruiz",
    });
    render(<ConversationHeader c={handedOn} nowMs={NOW} />);
    expect(screen.getByText("· handled by Ana Ruiz · now with Ben Cho")).toBeTruthy();
    expect(screen.queryByText(/agent Ben Cho/)).toBeNull();
  });

  it("names who closed it", () => {
    const at = { closedAt: "2026-03-02T10:10:00Z", lastMessageAt: "2026-03-02T10:09:00Z" };
    expect(closedLabel({ ...at, closedReason: "teammate" })).toBe("closed by a teammate");
    expect(closedLabel({ ...at, closedReason: "sender" })).toBe("closed by the helpdesk");
    expect(closedLabel({ ...at, closedReason: null })).toBe("closed");
  });
});
