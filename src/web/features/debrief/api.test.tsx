// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ShowOlder } from "../../ui/ShowOlder.tsx";
import { DEBRIEFS_PAGE_SIZE, useDebriefs, useLinkedDebrief } from "./api.ts";

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
      <ShowOlder shown={(list.data ?? []).length} noun="card" pages={list} />
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
    expect(screen.getByText("3 cards: that is all")).toBeTruthy();
  });
});

/** The page's selection: the card a `/debriefs/<id>` link names, read on its own when not loaded. */
function LinkHarness({ selectedId }: { selectedId: string }) {
  const list = useDebriefs();
  const linked = useLinkedDebrief(selectedId, list.data ?? [], list.isSuccess);
  return (
    <>
      <output aria-label="opened">{linked.card?.id ?? ""}</output>
      <output aria-label="missing">{linked.missing !== null ? "yes" : "no"}</output>
    </>
  );
}

describe("a link to a debrief card beyond the loaded page", () => {
  const json = (body: unknown, status = 200) =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
    );
  const card = (id: string) => ({ id, conversationId: `c-${id}`, personId: "p-ana" });
  const serve = (asked: string[]) =>
    vi.fn((url: string) => {
      asked.push(url);
      if (url.startsWith("/api/v1/debriefs?"))
        return json({ debriefs: [card("d-1"), card("d-2")], nextAfter: "d-2" });
      if (url === "/api/v1/debriefs/d-old") return json({ debrief: card("d-old") });
      return json({ error: { code: "NOT_FOUND", message: "Debrief not found", requestId: "r" } }, 404);
    });
  const show = (selectedId: string) =>
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <LinkHarness selectedId={selectedId} />
      </QueryClientProvider>,
    );

  it("opens that card, read on its own, not the newest", async () => {
    const asked: string[] = [];
    vi.stubGlobal("fetch", serve(asked));
    show("d-old");
    await waitFor(() => expect(screen.getByLabelText("opened").textContent).toBe("d-old"));
    expect(asked).toContain("/api/v1/debriefs/d-old");
  });

  it("takes a loaded card from the list without asking again", async () => {
    const asked: string[] = [];
    vi.stubGlobal("fetch", serve(asked));
    show("d-2");
    await waitFor(() => expect(screen.getByLabelText("opened").textContent).toBe("d-2"));
    expect(asked).toEqual([`/api/v1/debriefs?limit=${DEBRIEFS_PAGE_SIZE}`]);
  });

  it("says when the linked card cannot be read", async () => {
    vi.stubGlobal("fetch", serve([]));
    show("d-gone");
    await waitFor(() => expect(screen.getByLabelText("missing").textContent).toBe("yes"));
    expect(screen.getByLabelText("opened").textContent).toBe("");
  });
});
