// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Team } from "../../../protocol/resources.ts";
import { TeamsAdmin } from "./TeamsAdmin.tsx";
import { buildTeam } from "../../testing/factories.ts";

afterEach(cleanup);

describe("TeamsAdmin", () => {
  it("shows each team's id, which imports, webhooks and the API ask for", () => {
    // `tagteam import --team`, Chatwoot's `?team=` and the generic webhook's `team` need it, and
    // no page showed it: only GET /api/v1/teams did.
    const teams: Team[] = [
      buildTeam({
        id: "6f30e375-162d-4b37-a0cc-1c890ce9e6b2",
        name: "Customer Care",
        chatKey: "org.6f30e375-162d-4b37-a0cc-1c890ce9e6b2",
        createdAt: "2026-03-02T10:00:00Z",
      }),
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

  it("calls a team with a blank name '(unnamed team)' and lets the admin name it", async () => {
    // Teams made before names were required can have none: the row showed only "Rename".
    const renamed: [string, string][] = [];
    render(
      <TeamsAdmin
        teams={[
          buildTeam({ id: "t-old", name: "  ", chatKey: "org.t-old", createdAt: "2025-01-02T10:00:00Z" }),
        ]}
        people={[]}
        onCreate={async () => true}
        onRename={async (id, name) => {
          renamed.push([id, name]);
          return true;
        }}
        busy={false}
      />,
    );
    const row = within(screen.getByRole("table", { name: "Teams" })).getAllByRole("row")[1]!;
    expect(within(row).getByText("(unnamed team)")).toBeTruthy();
    await userEvent.click(within(row).getByRole("button", { name: "Rename (unnamed team)" }));
    const input = screen.getByRole("textbox", { name: "New name" }) as HTMLInputElement;
    expect(input.value).toBe("");
    await userEvent.type(input, "Returns desk{Enter}");
    expect(renamed).toEqual([["t-old", "Returns desk"]]);
  });
});
