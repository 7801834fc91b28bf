// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { KnowledgeFact } from "../../../protocol/resources.ts";
import { KnowledgeAdmin, factValueText } from "./KnowledgeAdmin.tsx";

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
        onUpdate={async () => true}
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

  it("corrects a fact in place, sending only what changed; saving unchanged or cancelling sends nothing", async () => {
    const updates: [string, unknown][] = [];
    render(
      <KnowledgeAdmin
        facts={[fact("f1", "Returns within 30 days.")]}
        teams={[]}
        busy={false}
        onCreate={async () => true}
        onUpdate={async (id, changes) => {
          updates.push([id, changes]);
          return true;
        }}
        onDelete={async () => true}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Edit fact: Returns within 30 days." }));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(updates).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Edit fact: Returns within 30 days." }));
    const form = screen.getByRole("form", { name: "Edit fact: Returns within 30 days." });
    const value = within(form).getByLabelText("Value");
    await userEvent.clear(value);
    await userEvent.type(value, "45");
    const statement = within(form).getByLabelText("Statement");
    await userEvent.clear(statement);
    await userEvent.type(statement, "Returns within 45 days.");
    await userEvent.clear(within(form).getByLabelText("Topic"));
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(updates).toEqual([["f1", { statement: "Returns within 45 days.", value: 45, topic: null }]]);
    expect(screen.queryByRole("form", { name: /Edit fact/ })).toBeNull();
  });

  it("says in the add form what the value, unit and key are for", () => {
    render(
      <KnowledgeAdmin
        facts={[]}
        teams={[]}
        busy={false}
        onCreate={async () => true}
        onUpdate={async () => true}
        onDelete={async () => true}
      />,
    );
    const form = screen.getByRole("form", { name: "Add a fact" });
    expect(form.textContent).toMatch(/checks what agents tell customers against the value/);
    expect(form.textContent).toMatch(/return_window/);
  });

  it("marks the add form's examples as examples, so an empty field does not look filled in", () => {
    // A bare grey "30" in Value, "returns" in Topic looked like a fact already entered (as in the
    // edit row just above), and Add fact then answered "Please fill out this field".
    render(
      <KnowledgeAdmin
        facts={[fact("f1", "Returns within 30 days.")]}
        teams={[]}
        busy={false}
        onCreate={async () => true}
        onUpdate={async () => true}
        onDelete={async () => true}
      />,
    );
    const form = screen.getByRole("form", { name: "Add a fact" });
    const examples = within(form)
      .getAllByRole("textbox")
      .map((input) => (input as HTMLInputElement).placeholder);
    expect(examples).toEqual([
      "e.g. Items can be returned within 30 days of delivery.",
      "e.g. returns",
      "e.g. return_window",
      "e.g. 30",
      "e.g. day",
    ]);
  });

  it("writes a fact's value as people do: a currency sign before the number, other units after", () => {
    // "Shipping is free on orders over $50." read "50 $" in the table.
    expect(factValueText(50, "$")).toBe("$50");
    expect(factValueText(12.5, "€")).toBe("€12.5");
    expect(factValueText(30, "days")).toBe("30 days");
    expect(factValueText(50, "USD")).toBe("50 USD");
    expect(factValueText(true, null)).toBe("true");
  });
});
