import {
  QueryClient,
  QueryObserver,
  keepPreviousData,
  type QueryObserverResult,
} from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { loadFailed } from "./queries.ts";

/** Runs a real query observer until it settles and hands back its result (what a page reads). */
async function settle(
  observer: QueryObserver<string[], Error, string[], string[], string[]>,
): Promise<QueryObserverResult<string[], Error>> {
  return new Promise((resolve) => {
    const stop = observer.subscribe((result) => {
      if (result.fetchStatus === "idle" && !result.isPending) {
        stop();
        resolve(result);
      }
    });
  });
}

describe("loadFailed", () => {
  const down = () => Promise.reject(new Error("Cannot reach the server"));

  it("is true when the first load failed: there is nothing to show but the error", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const result = await settle(
      new QueryObserver<string[], Error, string[], string[], string[]>(client, {
        queryKey: ["journal"],
        queryFn: down,
      }),
    );
    expect(result.isError).toBe(true);
    expect(loadFailed(result)).toBe(true);
  });

  it("is false when a refresh failed after a load: the page keeps what it showed", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    let up = true;
    const observer = new QueryObserver<string[], Error, string[], string[], string[]>(client, {
      queryKey: ["history"],
      queryFn: () => (up ? Promise.resolve(["Dana Whitfield"]) : down()),
    });
    expect(loadFailed(await settle(observer))).toBe(false);
    up = false;
    const refreshed = await observer.refetch();
    expect(refreshed.isError).toBe(true);
    expect(refreshed.data).toEqual(["Dana Whitfield"]);
    expect(loadFailed(refreshed)).toBe(false);
  });

  it("is true when other filters failed to load, though the last ones' rows stood in while loading", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const observer = new QueryObserver<string[], Error, string[], string[], string[]>(client, {
      queryKey: ["numbers", "week"],
      queryFn: () => Promise.resolve(["last week"]),
      placeholderData: keepPreviousData,
    });
    expect(loadFailed(await settle(observer))).toBe(false);
    observer.setOptions({
      queryKey: ["numbers", "bad range"],
      queryFn: down,
      placeholderData: keepPreviousData,
    });
    const result = await settle(observer);
    expect(result.data).toBeUndefined();
    expect(loadFailed(result)).toBe(true);
  });
});
