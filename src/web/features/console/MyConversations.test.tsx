// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { buildSummary } from "../../testing/factories.ts";
import { MyConversations } from "./MyConversations.tsx";

afterEach(cleanup);

describe("the console's list of my conversations", () => {
  it("says on screen what its percentage and its time measure: 'risk 24%', 'running 2m 00s'", () => {
    const startedAt = "2026-12-07T18:00:00.000Z";
    const c = buildSummary({ id: "c1", customerName: "Maya Chen", topic: "returns", risk: 0.24, startedAt });
    render(
      <MyConversations
        rows={[c]}
        waiting={[]}
        selectedId={undefined}
        nowMs={Date.parse(startedAt) + 120_000}
      />,
    );
    const link = screen.getByRole("link", { name: /Maya Chen/ });
    // Seen, not only heard: a bare "24%" beside a name said nothing of what it counted.
    const word = Array.from(link.querySelectorAll(".risk-word")).map((w) => w.textContent);
    expect(word).toEqual(["risk "]);
    // One space either side of the "·", in one line of text: as separate items of a flex row, the
    // row's gap stood before it as well ("returns  · running").
    const meta = Array.from(link.querySelectorAll("span")).find((s) => s.textContent?.startsWith("returns"));
    expect(meta?.textContent).toBe("returns · running 2m 00s");
  });
});
