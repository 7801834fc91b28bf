// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Person } from "../../../protocol/resources.ts";
import { PeopleAdmin } from "./PeopleAdmin.tsx";
import { buildTeam } from "../../testing/factories.ts";

afterEach(cleanup);

const person = (id: string, name: string, active = true): Person => ({
  id,
  email: `${id}@example.com`,
  name,
  role: "agent",
  teamIds: [],
  topics: [],
  availability: active ? "available" : "offline",
  load: 0,
  active,
  present: false,
});

const LINK = {
  path: "/welcome/abcdefghijklmnopqrstuvwxyz0123456789",
  expiresAt: "2026-12-13T10:00:00Z",
  purpose: "invite" as const,
};

function setup(people: Person[]) {
  const calls: unknown[][] = [];
  render(
    <PeopleAdmin
      people={people}
      teams={[]}
      busy={false}
      meId="me"
      onUpdate={() => undefined}
      onCreate={async (p) => {
        calls.push(["create", p]);
        return p.password === undefined ? { signInLink: LINK } : {};
      }}
      onSetPassword={async (...a) => (calls.push(["password", ...a]), true)}
      onSignInLink={async (...a) => (calls.push(["link", ...a]), { ...LINK, purpose: "reset" as const })}
      onSetActive={async (...a) => (calls.push(["active", ...a]), true)}
    />,
  );
  const row = (name: string) => screen.getByRole("row", { name: new RegExp(name) });
  return { calls, row };
}

describe("PeopleAdmin accounts", () => {
  it("deactivates only after asking, and never offers it for oneself", async () => {
    const { calls, row } = setup([person("me", "Ada Admin"), person("p1", "Paul Peer")]);
    expect(within(row("Ada Admin")).queryByRole("button", { name: "Deactivate…" })).toBeNull();
    await userEvent.click(within(row("Paul Peer")).getByRole("button", { name: "Deactivate…" }));
    expect(calls).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Deactivate Paul Peer" }));
    expect(calls).toEqual([["active", "p1", false]]);
  });

  it("sets a new password and says they were signed out", async () => {
    const { calls, row } = setup([person("p1", "Paul Peer")]);
    await userEvent.click(within(row("Paul Peer")).getByRole("button", { name: "Set password…" }));
    await userEvent.type(
      screen.getByLabelText("New password for Paul Peer (12+ characters)"),
      "a fresh long password",
    );
    await userEvent.click(screen.getByRole("button", { name: "Set" }));
    expect(calls).toEqual([["password", "p1", "a fresh long password"]]);
    expect(await screen.findByText("Password set; they were signed out.")).toBeTruthy();
  });

  it("shows who is deactivated, with a way back", async () => {
    const { calls, row } = setup([person("p2", "Dora Gone", false)]);
    expect(within(row("Dora Gone")).getByText("deactivated")).toBeTruthy();
    await userEvent.click(within(row("Dora Gone")).getByRole("button", { name: "Reactivate" }));
    expect(calls).toEqual([["active", "p2", true]]);
  });

  it("says who has tagteam open now", () => {
    const { row } = setup([{ ...person("p3", "Ana Here"), present: true }, person("p4", "Bo Away")]);
    expect(within(row("Ana Here")).getByText(/in tagteam now/)).toBeTruthy();
    expect(within(row("Bo Away")).queryByText(/in tagteam now/)).toBeNull();
  });

  it("adds someone without a password and shows the sign-in link to send them", async () => {
    const { calls } = setup([]);
    const form = screen.getByRole("form", { name: "Add a person" });
    await userEvent.type(within(form).getByLabelText("Name"), "Nia Novak");
    await userEvent.type(within(form).getByLabelText("Email"), "nia@example.com");
    await userEvent.click(within(form).getByRole("button", { name: "Add person" }));
    expect(calls).toEqual([
      ["create", { email: "nia@example.com", name: "Nia Novak", role: "agent", teamIds: [], topics: [] }],
    ]);
    const box = await screen.findByLabelText("Sign-in link for Nia Novak");
    expect((box as HTMLInputElement).value).toBe(`${window.location.origin}${LINK.path}`);
    expect(screen.getByText(/Send Nia Novak this link: they choose their own password/)).toBeTruthy();
  });

  it("keeps each new person's sign-in link after the next is added, until dismissed", async () => {
    setup([]);
    const form = screen.getByRole("form", { name: "Add a person" });
    const add = async (name: string, email: string) => {
      await userEvent.type(within(form).getByLabelText("Name"), name);
      await userEvent.type(within(form).getByLabelText("Email"), email);
      await userEvent.click(within(form).getByRole("button", { name: "Add person" }));
      await screen.findByLabelText(`Sign-in link for ${name}`);
    };
    await add("Nia Novak", "nia@example.com");
    await add("Omar Ortiz", "omar@example.com");
    expect(screen.getByLabelText("Sign-in link for Nia Novak")).toBeTruthy();
    expect(screen.getByLabelText("Sign-in link for Omar Ortiz")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Dismiss the sign-in link for Nia Novak" }));
    expect(screen.queryByLabelText("Sign-in link for Nia Novak")).toBeNull();
    expect(screen.getByLabelText("Sign-in link for Omar Ortiz")).toBeTruthy();
  });

  it("makes a new sign-in link for someone who forgot their password", async () => {
    const { calls, row } = setup([person("p1", "Paul Peer")]);
    await userEvent.click(within(row("Paul Peer")).getByRole("button", { name: "Sign-in link" }));
    expect(calls).toEqual([["link", "p1"]]);
    expect(await within(row("Paul Peer")).findByLabelText("Sign-in link for Paul Peer")).toBeTruthy();
    expect(within(row("Paul Peer")).getByText(/their current one works until then/)).toBeTruthy();
  });
});

describe("PeopleAdmin teams", () => {
  it("changes someone's teams: added with no team, then put in two", async () => {
    // Only the API could: someone added with the form's default "No team" stayed in none, with no
    // conversations and no alerts, and a lead could not be given a second team.
    const updates: unknown[][] = [];
    const teams = [
      buildTeam({ id: "t-care", name: "Customer Care", createdAt: "2026-03-02T10:00:00Z" }),
      buildTeam({ id: "t-bill", name: "Billing", createdAt: "2026-03-02T10:00:00Z" }),
    ];
    render(
      <PeopleAdmin
        people={[person("p1", "Paul Peer")]}
        teams={teams}
        busy={false}
        meId="me"
        onUpdate={(...a) => void updates.push(a)}
        onCreate={async () => ({})}
        onSetPassword={async () => true}
        onSignInLink={async () => null}
        onSetActive={async () => true}
      />,
    );
    const row = screen.getByRole("row", { name: /Paul Peer/ });
    expect(within(row).getByText("no team")).toBeTruthy();
    await userEvent.click(within(row).getByRole("button", { name: "Change teams of Paul Peer" }));
    const choice = screen.getByRole("group", { name: "Teams of Paul Peer" });
    await userEvent.click(within(choice).getByRole("checkbox", { name: "Billing" }));
    await userEvent.click(within(choice).getByRole("checkbox", { name: "Customer Care" }));
    await userEvent.click(within(choice).getByRole("button", { name: "Save teams" }));
    expect(updates).toEqual([["p1", { teamIds: ["t-care", "t-bill"] }]]);
  });
});
