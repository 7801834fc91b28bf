// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ShowOlder } from "../../ui/ShowOlder.tsx";
import { SCORECARDS_PAGE_SIZE, useScorecards } from "./api.ts";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A list as the QA page reads it: the cards so far, and older ones on demand. */
function Harness() {
  const list = useScorecards({ reviewed: false });
  return (
    <>
      <output aria-label="cards">{(list.data ?? []).map((c) => c.conversationId).join(",")}</output>
      <ShowOlder shown={(list.data ?? []).length} noun="scorecard" pages={list} />
    </>
  );
}

describe("the QA page's scorecards, a page at a time", () => {
  it("asks for one page, then the next one after the last card only when asked, until the last", async () => {
    const asked: string[] = [];
    const page = (ids: string[], nextAfter: string | null) => ({
      scorecards: ids.map((conversationId) => ({ conversationId, role: "agent", agentId: "p-ana" })),
      nextAfter,
    });
    vi.stubGlobal(
      "fetch",
      vi.fn((url: string) => {
        asked.push(url);
        const after = new URL(url, "http://localhost").searchParams.get("after");
        const body = after === null ? page(["c-1", "c-2"], "c-2") : page(["c-3"], null);
        return Promise.resolve(
          new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }),
        );
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <Harness />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByLabelText("cards").textContent).toBe("c-1,c-2"));
    expect(asked).toEqual([`/api/v1/scorecards?reviewed=false&limit=${SCORECARDS_PAGE_SIZE}`]);
    await userEvent.click(screen.getByRole("button", { name: "Show older" }));
    await waitFor(() => expect(screen.getByLabelText("cards").textContent).toBe("c-1,c-2,c-3"));
    expect(asked[1]).toBe(`/api/v1/scorecards?reviewed=false&limit=${SCORECARDS_PAGE_SIZE}&after=c-2`);
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();
    expect(screen.getByText("3 scorecards: that is all")).toBeTruthy();
  });
});
