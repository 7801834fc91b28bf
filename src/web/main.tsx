import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.tsx";
import { ApiError } from "./lib/http.ts";
import { queryKeys } from "./lib/queries.ts";
import { keepFocusThroughBusy } from "./ui/keepFocusThroughBusy.ts";
import "./ui/theme.css";

/**
 * Any call answered 401 means the sign-in no longer holds (signed out elsewhere, password changed,
 * account deactivated): asking who we are again shows the sign-in page instead of error notices.
 */
const onSignedOut = (error: unknown, key?: unknown): void => {
  if (!(error instanceof ApiError) || error.status !== 401) return;
  if (Array.isArray(key) && key[0] === queryKeys.me[0]) return;
  void queryClient.invalidateQueries({ queryKey: queryKeys.me });
};

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onSignedOut(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error) => onSignedOut(error) }),
  defaultOptions: {
    queries: {
      // Realtime hints drive refetches; polling is only the fallback when a hint is missed.
      staleTime: 5_000,
      refetchOnWindowFocus: true,
      retry: (count, error) =>
        count < 2 &&
        !(error instanceof Error && "status" in error && (error as { status: number }).status < 500),
    },
  },
});

// A button pressed by keyboard keeps the focus through its action (it is disabled meanwhile).
keepFocusThroughBusy();

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
