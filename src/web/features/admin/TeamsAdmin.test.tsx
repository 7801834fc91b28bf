// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Team } from "../../../protocol/resources.ts";
import { TeamsAdmin } from "./TeamsAdmin.tsx";

afterEach(cleanup);

describe("TeamsAdmin", () => {
  it("shows each team's id, which imports, webhooks and the API ask for", () => {
    // `tagteam import --team`, Chatwoot's `?team=` and the generic webhook's `team` need it, and
    // no page showed it: only GET /api/v1/teams did.
    const teams: Team[] = [
      {
        id: "6f30e375-162d-4b37-a0cc-1c890ce9e6b2",
        name: "Customer Care",
        chatKey: "org.6f30e375-162d-4b37-a0cc-1c890ce9e6b2",
        createdAt: "2026-03-02T10:00:00Z",
      },
    ];
    render(
      <TeamsAdmin
        teams={teams}
        people={[]}
        onCreate={async () => true}
        onRename={async () => true}
        busy={false}
      />,
    );
    const table = screen.getByRole("table", { name: "Teams" });
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    const column = headers.indexOf("Team id (imports, webhooks, the API)");
    expect(column).toBeGreaterThan(0);
    const cells = within(within(table).getAllByRole("row")[1]!).getAllByRole("cell");
    expect(cells[column]?.textContent).toBe("6f30e375-162d-4b37-a0cc-1c890ce9e6b2");
  });
});
