// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiToken } from "../../../protocol/resources.ts";
import { TokensAdmin } from "./TokensAdmin.tsx";

afterEach(cleanup);

describe("TokensAdmin", () => {
  it("says whom each token acts as, and its scopes as separate words", () => {
    // An admin sees everyone's tokens; two called "Helpdesk" were told apart by nothing, though
    // what each may post into is its person's teams.
    const token = (id: string, personId: string, scopes: ApiToken["scopes"]): ApiToken => ({
      id,
      name: "Helpdesk",
      personId,
      scopes,
      createdAt: "2026-03-02T10:00:00Z",
      lastUsedAt: null,
    });
    render(
      <TokensAdmin
        tokens={[token("a", "p-lee", ["ingest"]), token("b", "p-ana", ["api", "ingest"])]}
        people={[
          { id: "p-lee", name: "Lee Park" },
          { id: "p-ana", name: "Ana Silva" },
        ]}
        newSecret={null}
        onCreate={() => undefined}
        onRevoke={() => undefined}
        busy={false}
      />,
    );
    const table = screen.getByRole("table", { name: "API tokens" });
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole("cell")
          .slice(0, 3)
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ["Helpdesk", "Lee Park", "ingest"],
      ["Helpdesk", "Ana Silva", "api ingest"],
    ]);
  });
});
