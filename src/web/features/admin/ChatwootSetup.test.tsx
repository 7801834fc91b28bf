// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Person, Team } from "../../../protocol/resources.ts";
import { ChatwootSetup, chatwootWebhookUrl } from "./ChatwootSetup.tsx";
import { buildTeam } from "../../testing/factories.ts";

afterEach(cleanup);

const teams: Team[] = [
  buildTeam({ id: "t1", name: "Customer Care", chatKey: "k1" }),
  buildTeam({ id: "t2", name: "Billing", chatKey: "k2" }),
];
const ORIGIN = "https://tagteam.example.com";
const urlField = () => screen.getByLabelText<HTMLInputElement>("Webhook URL");

const person = (id: string, name: string, email: string, teamIds: string[], active = true): Person => ({
  id,
  name,
  email,
  role: "agent",
  teamIds,
  topics: [],
  availability: "available",
  load: 0,
  active,
  present: false,
});

describe("Admin → Integrations: Connect Chatwoot", () => {
  it("puts each agent's Chatwoot user id in the URL, so a reassignment in Chatwoot finds them", async () => {
    const people = [
      person("p1", "Ana Agent", "ana@example.com", ["t1"]),
      person("p2", "Ben Agent", "ben@example.com", ["t1"]),
      person("p3", "Old Timer", "old@example.com", ["t1"], false),
      person("p4", "Bea Billing", "bea@example.com", ["t2"]),
    ];
    render(
      <ChatwootSetup
        teams={teams}
        people={people}
        origin={ORIGIN}
        outlet="server"
        onCreateToken={async () => "x"}
      />,
    );
    expect(screen.getByText("Conversation updated")).toBeTruthy();
    // The chosen team's active people only.
    expect(screen.queryByLabelText(/Old Timer/)).toBeNull();
    expect(screen.queryByLabelText(/Bea Billing/)).toBeNull();
    await userEvent.type(screen.getByLabelText(/Ana Agent/), "3");
    await userEvent.type(screen.getByLabelText(/Ben Agent/), "7");
    expect(urlField().value).toBe(
      `${ORIGIN}/api/v1/webhooks/chatwoot?team=t1&agents=${encodeURIComponent("3:ana@example.com,7:ben@example.com")}&token=<ingest token>`,
    );
    // Not a number: said, and left out.
    await userEvent.clear(screen.getByLabelText(/Ben Agent/));
    await userEvent.type(screen.getByLabelText(/Ben Agent/), "ben");
    expect(screen.getByText(/A Chatwoot user id is a number/)).toBeTruthy();
    expect(screen.getByLabelText(/Ben Agent/).getAttribute("aria-invalid")).toBe("true");
    expect(urlField().value).toContain(`agents=${encodeURIComponent("3:ana@example.com")}&token`);
  });

  it("gives the webhook URL to paste in Chatwoot, for the chosen team, and the events to tick", async () => {
    render(
      <ChatwootSetup teams={teams} origin={`${ORIGIN}/`} outlet="server" onCreateToken={async () => "x"} />,
    );
    expect(urlField().value).toBe(`${ORIGIN}/api/v1/webhooks/chatwoot?team=t1&token=<ingest token>`);
    expect(screen.getByText(/Replace <ingest token> with an API token/)).toBeTruthy();
    expect(screen.getByText("Settings → Integrations → Webhooks")).toBeTruthy();
    expect(screen.getByText("Message created")).toBeTruthy();
    expect(screen.getByText("Conversation status changed")).toBeTruthy();
    expect(screen.getByText(/Agents are matched by e-mail: each Chatwoot agent needs a person/)).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText("Conversations go to"), "t2");
    expect(urlField().value).toBe(`${ORIGIN}/api/v1/webhooks/chatwoot?team=t2&token=<ingest token>`);
  });

  it("creates an ingest token for the webhook and puts it in the URL, shown once", async () => {
    const asked: string[] = [];
    render(
      <ChatwootSetup
        teams={teams}
        origin={ORIGIN}
        outlet="server"
        onCreateToken={async (name) => {
          asked.push(name);
          return "tt_secret/+1";
        }}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Create a token for this webhook" }));
    expect(asked).toEqual(["Chatwoot webhook (Customer Care)"]);
    expect(urlField().value).toBe(`${ORIGIN}/api/v1/webhooks/chatwoot?team=t1&token=tt_secret%2F%2B1`);
    expect(screen.getByRole("status").textContent).toMatch(/copy it now, it will not be shown again/);
    expect(screen.getByRole("button", { name: "Create another token" })).toBeTruthy();
  });

  it("says why a token could not be made", async () => {
    render(
      <ChatwootSetup
        teams={teams}
        origin={ORIGIN}
        outlet="server"
        onCreateToken={async () => {
          throw new Error("Only admins may create tokens for others");
        }}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Create a token for this webhook" }));
    expect(screen.getByRole("status").textContent).toBe(
      "Could not create a token: Only admins may create tokens for others",
    );
    expect(urlField().value).toContain("token=<ingest token>");
  });

  it("says whether whispers and replies go back to Chatwoot, through whose Chatwoot, and how to turn that on", () => {
    const { unmount } = render(
      <ChatwootSetup teams={teams} origin={ORIGIN} outlet={null} onCreateToken={async () => "x"} />,
    );
    expect(screen.getByRole("heading", { name: /Whispers and replies out/ }).textContent).toContain("Off");
    expect(screen.getByText(/replies on Chatwoot conversations are refused/)).toBeTruthy();
    expect(screen.getByText("Access Token")).toBeTruthy();
    unmount();
    const again = render(
      <ChatwootSetup teams={teams} origin={ORIGIN} outlet="server" onCreateToken={async () => "x"} />,
    );
    expect(screen.getByRole("heading", { name: /Whispers and replies out/ }).textContent).toContain("On");
    expect(screen.getByText(/The server’s Chatwoot takes each whisper/)).toBeTruthy();
    expect(screen.queryByText("Access Token")).toBeNull();
    again.unmount();
    render(
      <ChatwootSetup teams={teams} origin={ORIGIN} outlet="organisation" onCreateToken={async () => "x"} />,
    );
    expect(screen.getByText(/Your organisation’s Chatwoot/)).toBeTruthy();
  });

  it("without a team, says to create one first", () => {
    render(<ChatwootSetup teams={[]} origin={ORIGIN} outlet="server" onCreateToken={async () => "x"} />);
    expect(screen.getByText(/Create a team first/)).toBeTruthy();
    expect(screen.queryByLabelText("Webhook URL")).toBeNull();
  });

  it("builds the URL from the server's address, a team and a token", () => {
    expect(chatwootWebhookUrl("http://127.0.0.1:3000//", "t 1", null)).toBe(
      "http://127.0.0.1:3000/api/v1/webhooks/chatwoot?team=t%201&token=<ingest token>",
    );
  });
});
