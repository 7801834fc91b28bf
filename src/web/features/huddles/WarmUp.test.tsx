// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { WarmUp } from "./HuddlesPage.tsx";

afterEach(cleanup);

describe("the huddle's warm-up", () => {
  it("says what both percentages of the hard conversation measure: 'risk 94% at its worst', 'risk 40% at the end'", () => {
    render(
      <WarmUp
        agenda={{
          warmUp: {
            lookedSince: "2026-11-30",
            pairs: [],
            hardConversation: {
              conversationId: null,
              topic: "refunds",
              channel: "chat",
              peakRisk: 0.94,
              finalRisk: 0.4,
              rootCause: null,
              peak: [{ role: "customer", text: "I'm done with this company." }],
              outcome: "A teammate signalled support; it ended calmer.",
              quickWins: [],
            },
          },
        }}
      />,
    );
    expect(screen.getByText("risk 94% at its worst")).toBeTruthy();
    // It read a bare "40% at the end" beside it.
    expect(screen.getByText("risk 40% at the end")).toBeTruthy();
  });
});
