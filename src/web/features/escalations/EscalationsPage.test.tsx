// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildIntervention, buildSummary } from "../../testing/factories.ts";
import { ESCALATIONS_PAGE, EscalationsPage } from "./EscalationsPage.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A server holding `total` handled escalations, each about its own conversation; records what was asked. */
function serve(total: number): string[] {
  const asked: string[] = [];
  const escalations = Array.from({ length: total }, (_, i) =>
    buildIntervention({
      id: `e-${i}`,
      kind: "escalation",
      status: "done",
      conversationId: `c-${i}`,
      createdAt: new Date(Date.parse("2026-03-02T10:00:00Z") - i * 60_000).toISOString(),
    }),
  );
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string) => {
      asked.push(url);
      const params = new URL(url, "http://localhost").searchParams;
      const body = url.includes("/interventions")
        ? { interventions: escalations.slice(0, Number(params.get("limit"))) }
        : {
            conversations: (params.get("ids") ?? "")
              .split(",")
              .map((id) => buildSummary({ id, customerName: `Customer ${id}` })),
          };
      return Promise.resolve(
        new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }),
      );
    }),
  );
  return asked;
}

function renderPage() {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <EscalationsPage />
    </QueryClientProvider>,
  );
}

describe("the Escalations queue's foot, as on Debriefs, QA and History", () => {
  it("says how many escalations are shown, and how many after 'Show older', down to that is all", async () => {
    const asked = serve(ESCALATIONS_PAGE + 10);
    renderPage();
    await screen.findByText(`${ESCALATIONS_PAGE} escalations shown`, undefined, { timeout: 5_000 });
    await userEvent.click(screen.getByRole("button", { name: "Show older" }));
    await screen.findByText(`${ESCALATIONS_PAGE + 10} escalations: that is all`, undefined, {
      timeout: 5_000,
    });
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();
    expect(
      asked
        .filter((u) => u.includes("/interventions"))
        .map((u) => new URL(u, "http://x").searchParams.get("limit")),
    ).toEqual([String(ESCALATIONS_PAGE), String(ESCALATIONS_PAGE * 2)]);
  });

  it("says 'that is all' for a short queue, with no button", async () => {
    serve(3);
    renderPage();
    await screen.findByText("3 escalations: that is all", undefined, { timeout: 5_000 });
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();
    await waitFor(() => expect(screen.getAllByRole("row").length).toBeGreaterThan(3));
  });
});
