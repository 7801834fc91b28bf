// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { KnowledgeFact } from "../../../protocol/resources.ts";
import { KnowledgeAdmin } from "./KnowledgeAdmin.tsx";

afterEach(cleanup);

const fact = (id: string, statement: string): KnowledgeFact => ({
  id,
  teamId: null,
  topic: "returns",
  statement,
  key: null,
  value: 30,
  unit: "day",
});

describe("KnowledgeAdmin", () => {
  it("deletes a fact only after the admin confirms, and cancelling deletes nothing", async () => {
    const deleted: string[] = [];
    render(
      <KnowledgeAdmin
        facts={[fact("f1", "Returns within 30 days."), fact("f2", "Refunds take 5 days.")]}
        teams={[]}
        busy={false}
        onCreate={async () => true}
        onDelete={async (id) => {
          deleted.push(id);
          return true;
        }}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Delete fact: Refunds take 5 days." }));
    expect(deleted).toEqual([]);
    const confirm = screen.getByRole("group", { name: "Confirm deleting: Refunds take 5 days." });
    expect(confirm.textContent).toContain("Delete this fact?");
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(deleted).toEqual([]);
    expect(screen.queryByRole("group")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Delete fact: Returns within 30 days." }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    expect(deleted).toEqual(["f1"]);
  });
});
