// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type {
  DeliveryFailure,
  DeliveryProcessor,
  ListDeliveriesResponse,
} from "../../../protocol/deliveries.ts";
import type { Team } from "../../../protocol/resources.ts";
import { IntegrationsAdmin, type RetryResult } from "./IntegrationsAdmin.tsx";
import { buildTeam } from "../../testing/factories.ts";

afterEach(cleanup);

const NOW = Date.parse("2026-03-02T10:00:00Z");
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const teams: Team[] = [
  buildTeam({ id: "t1", name: "Customer Care", chatKey: "k", createdAt: at(86_400_000) }),
];

function processor(overrides: Partial<DeliveryProcessor> = {}): DeliveryProcessor {
  return {
    name: "alert-webhook",
    handles: ["alert.raised", "escalation.raised", "incident.opened"],
    configured: true,
    lastEventId: 120,
    lag: 0,
    updatedAt: at(12_000),
    leasedBy: "web-1",
    leaseExpiresAt: at(-60_000),
    deadLetters: 0,
    maxAgeMs: 900_000,
    failing: null,
    ...overrides,
  };
}

function deadLetter(overrides: Partial<DeliveryFailure> = {}): DeliveryFailure {
  return {
    id: "d1",
    processor: "alert-webhook",
    eventId: 117,
    eventType: "escalation.raised",
    conversationId: "c42",
    teamId: "t1",
    attempts: 1,
    lastError: "alert webhook answered 404",
    firstFailedAt: at(300_000),
    lastFailedAt: at(300_000),
    ...overrides,
  };
}

function show(
  overview: Partial<ListDeliveriesResponse>,
  onRetry: (d: DeliveryFailure) => Promise<RetryResult> = async () => ({
    kind: "delivered",
    outcome: "sent",
  }),
) {
  render(
    <IntegrationsAdmin
      overview={{ headEventId: 120, processors: [], deadLetters: [], ...overview }}
      teams={teams}
      updatedAtMs={NOW - 3_000}
      refreshMs={10_000}
      onRetry={onRetry}
      nowMs={NOW}
    />,
  );
}

/** The cells of the table row whose first cell starts with `label`, by column header. */
function rowOf(tableName: string, label: string): Record<string, string> {
  const table = screen.getByRole("table", { name: tableName });
  const headers = within(table)
    .getAllByRole("columnheader")
    .map((h) => h.textContent ?? "");
  const row = within(table)
    .getAllByRole("row")
    .find((r) => within(r).queryAllByRole("cell")[0]?.textContent?.startsWith(label));
  if (row === undefined) throw new Error(`no row ${label} in ${tableName}`);
  const cells = within(row).getAllByRole("cell");
  return Object.fromEntries(headers.map((h, i) => [h, cells[i]?.textContent ?? ""]));
}

/** A promise resolved from outside: the request in flight while the test looks at the row. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("IntegrationsAdmin", () => {
  it("with nothing set up, says so and names the settings that turn each integration on", () => {
    show({});
    const note = screen.getByRole("note");
    expect(note.textContent).toContain("No integration is set up");
    expect(note.textContent).toContain("TAGTEAM_ALERT_WEBHOOK_URL");
    expect(note.textContent).toContain("TAGTEAM_CHATWOOT_API_TOKEN");
    expect(rowOf("Integrations", "Alert webhook")["Status"]).toContain(
      "Not set upSet it up below, under “Where alerts go”, or set TAGTEAM_ALERT_WEBHOOK_URL on the server and restart it.",
    );
    expect(rowOf("Integrations", "Chatwoot notes")["Status"]).toContain(
      "Set it up below, under “Where replies and whispers go”, or set TAGTEAM_CHATWOOT_URL and TAGTEAM_CHATWOOT_API_TOKEN on the server and restart it.",
    );
    expect(rowOf("Integrations", "Reply webhook")["Status"]).toContain(
      "Set it up below, under “Where replies and whispers go”, or set TAGTEAM_REPLY_WEBHOOK_URL",
    );
    expect(note.textContent).toContain("Where replies and whispers go");
    expect(note.textContent).toContain(
      "alerts to your Slack-style chat channel once you set it up below, under “Where alerts go”",
    );
    expect(screen.queryByRole("table", { name: "Dead letters" })).toBeNull();
    expect(screen.getByText("No dead letters: everything was delivered.")).toBeTruthy();
  });

  it("tells whether each integration runs, how far behind it is, and who delivers it", () => {
    show({
      processors: [
        processor({ lag: 3, deadLetters: 2 }),
        processor({ name: "chatwoot-notes", handles: ["whisper.sent"], leaseExpiresAt: at(1_000) }),
      ],
    });
    expect(screen.queryByRole("note")).toBeNull();
    expect(rowOf("Integrations", "Alert webhook")).toMatchObject({
      Status: expect.stringContaining("Running"),
      Waiting: "3 events to check",
      "Last progress": "12s ago",
      "Delivered by": expect.stringContaining("web-1"),
      "Dead letters": "2",
    });
    // Its lease ran out: configured, but nobody delivers it.
    expect(rowOf("Integrations", "Chatwoot notes")).toMatchObject({
      Status: expect.stringContaining("Not running"),
      Waiting: "Up to date",
      "Delivered by": "no instance",
    });
    expect(screen.getByText(/Updated 3s ago · refreshes every 10 s/)).toBeTruthy();
  });

  it("shows an outage: the receiver failing since when, its last error and the next try", () => {
    show({
      processors: [
        processor({
          lag: 40,
          failing: {
            since: at(125_000),
            lastError: "alert webhook answered 503",
            nextAttemptAt: at(-30_000),
          },
        }),
      ],
    });
    const row = rowOf("Integrations", "Alert webhook");
    expect(row["Status"]).toContain("Receiver failing");
    expect(row["Status"]).toContain("(2m 05s ago), last: alert webhook answered 503. Next try at ");
    expect(row["Status"]).toContain("waiting events go out in order once it answers");
    expect(row["Status"]).toContain("Events older than 15 minutes are not sent");
    expect(row["Waiting"]).toBe("40 events to check");
  });

  it("says an integration that ran before and is off now is turned off", () => {
    show({
      processors: [processor({ configured: false, handles: [], leasedBy: null, leaseExpiresAt: null })],
    });
    expect(rowOf("Integrations", "Alert webhook")["Status"]).toContain("Turned off");
    expect(screen.getByRole("note").textContent).toContain("No integration is set up");
  });

  it("lists dead letters with what they were about, and links the conversation", () => {
    show({
      processors: [processor({ deadLetters: 2 })],
      deadLetters: [
        deadLetter(),
        deadLetter({
          id: "d2",
          eventId: 90,
          eventType: "incident.opened",
          conversationId: null,
          attempts: 8,
          lastError: "fetch failed (ECONNREFUSED)",
        }),
      ],
    });
    const table = screen.getByRole("table", { name: "Dead letters" });
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual(["Failed", "Integration", "Event", "About", "Attempts", "Last error", "Actions"]);
    const link = within(table).getByRole("link", { name: "Conversation in Customer Care" });
    expect(link.getAttribute("href")).toBe("/conversations/c42");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]?.textContent).toContain("Escalation");
    expect(rows[0]?.textContent).toContain("alert webhook answered 404");
    expect(rows[1]?.textContent).toContain("Possible incident");
    expect(rows[1]?.textContent).toContain("Team Customer Care");
    expect(within(table).getAllByRole("button", { name: /^Send again: / })).toHaveLength(2);
  });

  it("sends one again: disabled while it is asked, and gone once it went out", async () => {
    const answer = deferred<RetryResult>();
    const asked: string[] = [];
    show({ processors: [processor({ deadLetters: 1 })], deadLetters: [deadLetter()] }, (d) => {
      asked.push(d.id);
      return answer.promise;
    });
    await userEvent.click(screen.getByRole("button", { name: "Send again: Escalation #117" }));
    const pending = screen.getByRole("button", { name: "Sending again: Escalation #117" });
    expect(pending.hasAttribute("disabled")).toBe(true);
    expect(pending.textContent).toBe("Sending…");
    await userEvent.click(pending);
    expect(asked).toEqual(["d1"]);

    answer.resolve({ kind: "delivered", outcome: "sent" });
    await screen.findByText("No dead letters: everything was delivered.");
    expect(screen.getByRole("status").textContent).toBe(
      "Sent: Escalation #117 went out through Alert webhook, and is no longer a dead letter.",
    );
  });

  it("failed again: the row shows the new error and attempt count, and can be tried again", async () => {
    show({ processors: [processor({ deadLetters: 1 })], deadLetters: [deadLetter()] }, async (d) => ({
      kind: "failed",
      error: "alert webhook answered 503",
      deadLetter: { ...d, attempts: 2, lastError: "alert webhook answered 503" },
    }));
    await userEvent.click(screen.getByRole("button", { name: /^Send again/ }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Failed again (attempt 2): alert webhook answered 503",
    );
    const row = screen.getByRole("table", { name: "Dead letters" }).querySelector("tbody tr");
    expect(row?.textContent).toContain("2alert webhook answered 503");
    expect(screen.getByRole("button", { name: /^Send again/ }).hasAttribute("disabled")).toBe(false);
  });

  it("shows the API's refusal in the row, and offers no button where the integration is off", async () => {
    show(
      {
        processors: [processor({ deadLetters: 1 })],
        deadLetters: [
          deadLetter(),
          deadLetter({ id: "d2", processor: "chatwoot-notes", eventType: "whisper.sent", eventId: 99 }),
        ],
      },
      async () => ({ kind: "refused", message: "This dead letter is being retried already" }),
    );
    await userEvent.click(screen.getByRole("button", { name: "Send again: Escalation #117" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Not sent: This dead letter is being retried already",
    );
    expect(screen.queryByRole("button", { name: /Whisper/ })).toBeNull();
    expect(screen.getByText("Set up Chatwoot notes to send it again.")).toBeTruthy();
  });
});
