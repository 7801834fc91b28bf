// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEBRIEFS_PAGE_SIZE, useDebriefs } from "./api.ts";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The list as the Debriefs page reads it: the cards so far, and older ones on demand. */
function Harness() {
  const list = useDebriefs();
  return (
    <>
      <output aria-label="cards">{(list.data ?? []).map((d) => d.id).join(",")}</output>
      {list.hasNextPage ? (
        <button type="button" onClick={() => void list.fetchNextPage()}>
          Show older
        </button>
      ) : null}
    </>
  );
}

describe("the Debriefs page's cards, a page at a time", () => {
  it("asks for one page, then the cards after its last one when asked, until the last", async () => {
    const asked: string[] = [];
    const page = (ids: string[], nextAfter: string | null) => ({
      debriefs: ids.map((id) => ({ id, conversationId: `c-${id}`, personId: "p-ana" })),
      nextAfter,
    });
    vi.stubGlobal(
      "fetch",
      vi.fn((url: string) => {
        asked.push(url);
        const after = new URL(url, "http://localhost").searchParams.get("after");
        const body = after === null ? page(["d-1", "d-2"], "d-2") : page(["d-3"], null);
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
    await waitFor(() => expect(screen.getByLabelText("cards").textContent).toBe("d-1,d-2"));
    expect(asked).toEqual([`/api/v1/debriefs?limit=${DEBRIEFS_PAGE_SIZE}`]);
    await userEvent.click(screen.getByRole("button", { name: "Show older" }));
    await waitFor(() => expect(screen.getByLabelText("cards").textContent).toBe("d-1,d-2,d-3"));
    expect(asked[1]).toBe(`/api/v1/debriefs?limit=${DEBRIEFS_PAGE_SIZE}&after=d-2`);
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();
  });
});
