import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.tsx";
import "./ui/theme.css";

const queryClient = new QueryClient({
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

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
