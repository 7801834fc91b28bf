// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { OrganisationName } from "./OrganisationName.tsx";

afterEach(cleanup);

describe("OrganisationName", () => {
  it("renames the organisation from the first start's 'tagteam', says it saved, and sends nothing unchanged", async () => {
    const sent: string[] = [];
    const { rerender } = render(
      <OrganisationName
        name="tagteam"
        busy={false}
        onRename={async (name) => {
          sent.push(name);
          return true;
        }}
      />,
    );
    const input = screen.getByRole("textbox", { name: "Organisation name" }) as HTMLInputElement;
    const save = screen.getByRole("button", { name: "Save name" }) as HTMLButtonElement;
    expect(input.value).toBe("tagteam");
    expect(save.disabled).toBe(true);
    await userEvent.clear(input);
    await userEvent.type(input, " Acme Support ");
    await userEvent.click(save);
    expect(sent).toEqual(["Acme Support"]);
    // The page reads the new name back (GET /me): the form keeps saying it saved.
    rerender(<OrganisationName name="Acme Support" busy={false} onRename={async () => true} />);
    expect(screen.getByRole("status").textContent).toBe("Saved.");
    expect((screen.getByRole("button", { name: "Save name" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
