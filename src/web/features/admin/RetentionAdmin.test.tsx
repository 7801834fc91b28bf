// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Retention } from "../../../protocol/index.ts";
import { RetentionAdmin } from "./RetentionAdmin.tsx";

afterEach(cleanup);

describe("Admin → Retention", () => {
  it("says what erasing takes, and what stays without the customer in it", () => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    const retention: Retention = {
      retentionDays: 90,
      serverDefaultDays: 0,
      effectiveDays: 90,
      eventRetentionDays: 30,
    };
    client.setQueryData(["admin-retention"], retention);
    render(
      <QueryClientProvider client={client}>
        <RetentionAdmin />
      </QueryClientProvider>,
    );
    const text = screen.getByRole("form", { name: "Retention" }).textContent ?? "";
    expect(text).toContain("Closed conversations are now erased 90 days after they close.");
    expect(text).toContain(
      "Teammates' journal entries and feedback about it, and the team's insights, stay theirs, without the customer's name, e-mail, phone, card or address.",
    );
  });
});
