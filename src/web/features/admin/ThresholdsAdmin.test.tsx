// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_ENGINE_CONFIG } from "../../../engine/index.ts";
import type { EngineOverrides, EngineSettings, EngineTunables } from "../../../protocol/engineSettings.ts";
import { buildTeam } from "../../testing/factories.ts";
import { AdminPage } from "./AdminPage.tsx";
import {
  THRESHOLD_FIELDS,
  ThresholdsAdmin,
  describeZone,
  formatUtcOffset,
  type FieldErrors,
} from "./ThresholdsAdmin.tsx";

afterEach(cleanup);

/** The texts an input is described by, in order. */
const described = (input: HTMLElement): (string | undefined)[] =>
  (input.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent ?? undefined);

const defaults: EngineTunables = {
  timeZone: null,
  timezoneOffsetMinutes: DEFAULT_ENGINE_CONFIG.timezoneOffsetMinutes,
  endOfDayHour: DEFAULT_ENGINE_CONFIG.endOfDayHour,
  morningHour: DEFAULT_ENGINE_CONFIG.morningHour,
  thresholds: { ...DEFAULT_ENGINE_CONFIG.thresholds },
  cooldown: { ...DEFAULT_ENGINE_CONFIG.cooldown },
  escalation: { ...DEFAULT_ENGINE_CONFIG.escalation },
  incidents: { threshold: 5, windowMs: 900_000 },
};
const settings: EngineSettings = {
  teamId: "t1",
  overrides: {},
  effective: defaults,
  defaults,
  updatedAt: null,
};

/**
 * Renders the form on the defaults. Returns what it saves, in order; the nth save (from 1) is
 * answered with `answer(n)`, the problems by field (none unless said).
 */
function renderForm(answer: (save: number) => FieldErrors = () => ({})): EngineOverrides[] {
  const sent: EngineOverrides[] = [];
  render(
    <ThresholdsAdmin
      settings={settings}
      busy={false}
      onSave={async (o) => {
        sent.push(o);
        return answer(sent.length);
      }}
    />,
  );
  return sent;
}

describe("ThresholdsAdmin", () => {
  it("labels every tunable value and shows the team's effective values", () => {
    renderForm();
    for (const f of THRESHOLD_FIELDS) {
      expect(screen.getByLabelText(f.label)).toBeTruthy();
      // Each says what it does, in view (most said nothing, or only in a hover title).
      expect(f.hint.length, f.path).toBeGreaterThan(20);
    }
    expect((screen.getByLabelText("High frustration (0–1)") as HTMLInputElement).value).toBe("0.6");
    // Named for what they decide, not for the code that reads them ("Engine thresholds").
    expect(screen.getByRole("form", { name: "Alert thresholds" })).toBeTruthy();
  });

  it("sends only the changed values, and shows the engine's problem beside its field", async () => {
    const answer: FieldErrors = { "thresholds.frustrationHigh": "must be a number in [0, 1], got 1.5" };
    const sent = renderForm((save) => (save === 1 ? answer : {}));
    const high = screen.getByLabelText(/^High frustration/) as HTMLInputElement;
    await userEvent.clear(high);
    await userEvent.type(high, "1.5");
    await userEvent.click(screen.getByRole("checkbox", { name: /legal threat/ }));
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent[0]).toEqual({ thresholds: { frustrationHigh: 1.5 }, escalation: { onLegalThreat: false } });
    expect(screen.getByRole("alert").textContent).toContain("One value needs fixing");
    expect(high.getAttribute("aria-invalid")).toBe("true");
    // Described by what the field does, then by its problem.
    const [hint, problem] = described(high);
    expect(hint).toMatch(
      /^A customer's running frustration at or above this counts as high.* Default: 0\.6\.$/,
    );
    expect(problem).toBe("must be a number in [0, 1], got 1.5");

    await userEvent.clear(high);
    await userEvent.type(high, "0.5");
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent[1]).toEqual({ thresholds: { frustrationHigh: 0.5 }, escalation: { onLegalThreat: false } });
    expect(high.getAttribute("aria-invalid")).toBe("false");
    expect(screen.getByRole("status").textContent).toContain("Saved");
  });

  it("refuses a blank value before asking the server", async () => {
    const sent = renderForm();
    await userEvent.clear(screen.getByLabelText("Cooldown (messages)"));
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent).toEqual([]);
    expect(screen.getByText("must be a number")).toBeTruthy();
  });

  it("says every problem at once, each beside its field, with a blank one: not the next only once it is filled", async () => {
    const sent = renderForm();
    const turns = screen.getByLabelText("Cooldown (messages)") as HTMLInputElement;
    await userEvent.clear(turns);
    const high = screen.getByLabelText(/^High frustration/) as HTMLInputElement;
    await userEvent.clear(high);
    await userEvent.type(high, "5");
    const cooldown = screen.getByLabelText("Cooldown (seconds)") as HTMLInputElement;
    await userEvent.clear(cooldown);
    await userEvent.type(cooldown, "-5");
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent).toEqual([]);
    expect(screen.getByRole("alert").textContent).toContain("3 values need fixing");
    expect(described(turns)[1]).toBe("must be a number");
    expect(described(high)[1]).toMatch(/^must be .*\[0, 1\].*got 5$/);
    expect(described(cooldown)[1]).toMatch(/seconds, got -5$/);
    for (const input of [turns, high, cooldown]) expect(input.getAttribute("aria-invalid")).toBe("true");
  });

  it("asks durations in seconds and minutes, saves milliseconds, and says the engine's limits in the field's unit", async () => {
    const answer: FieldErrors = { "cooldown.ms": "must be a number in [0, 10000000000], got -5000" };
    const sent = renderForm((save) => (save === 1 ? answer : {}));
    const wait = screen.getByLabelText("Long wait (seconds)") as HTMLInputElement;
    expect(wait.value).toBe("180");
    expect((screen.getByLabelText("Update on hold every (minutes)") as HTMLInputElement).value).toBe("10");
    expect((screen.getByLabelText("Incident: within (minutes)") as HTMLInputElement).value).toBe("15");
    const cooldown = screen.getByLabelText("Cooldown (seconds)") as HTMLInputElement;
    expect(cooldown.value).toBe("120");

    await userEvent.clear(cooldown);
    await userEvent.type(cooldown, "-5");
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent[0]).toEqual({ cooldown: { ms: -5000 } });
    expect(described(cooldown)[1]).toBe("must be a number in [0, 10000000] seconds, got -5");

    await userEvent.clear(cooldown);
    await userEvent.type(cooldown, "90");
    await userEvent.clear(wait);
    await userEvent.type(wait, "240");
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent[1]).toEqual({ thresholds: { longGapMs: 240_000 }, cooldown: { ms: 90_000 } });
  });

  it("takes a team time zone, says its offset now and its next clock change, and saves it instead of the fixed offset", async () => {
    // The fixed offset was all there was: "60 for UTC+1", wrong by an hour every summer.
    const sent = renderForm();
    const zone = screen.getByLabelText("Team time zone") as HTMLInputElement;
    expect(described(zone).join(" ")).toContain("None set: the fixed offset below is used");
    await userEvent.type(zone, "Europe/Paris");
    expect(described(zone).join(" ")).toMatch(
      /UTC\+[12] now; UTC\+[12] from \d+ \w+ \d{4}, when the clocks change\./,
    );
    const offset = screen.getByLabelText("Team time offset from UTC (minutes)") as HTMLInputElement;
    expect(offset.readOnly).toBe(true);
    expect(described(offset).join(" ")).toContain("it follows the clocks");
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent).toEqual([{ timeZone: "Europe/Paris" }]);
  });

  it("says an offset as people write it, and a zone's next clock change", () => {
    expect(formatUtcOffset(60)).toBe("UTC+1");
    expect(formatUtcOffset(330)).toBe("UTC+5:30");
    expect(formatUtcOffset(-240)).toBe("UTC−4");
    expect(formatUtcOffset(0)).toBe("UTC");
    expect(describeZone("Europe/Paris", Date.parse("2026-01-15T12:00:00Z"))).toBe(
      "UTC+1 now; UTC+2 from 29 Mar 2026, when the clocks change.",
    );
    expect(describeZone("Asia/Kolkata", Date.parse("2026-01-15T12:00:00Z"))).toBe("UTC+5:30 all year.");
    expect(describeZone("Mars/Olympus", 0)).toBeNull();
  });
});

describe("Admin → Thresholds, with the page's data hooks and the API client (a fake server behind fetch)", () => {
  it("says the values were saved, beside the Save button, after the form reloads the saved settings", async () => {
    // A save changes the settings' updatedAt, which the page keys the form by: the form started
    // afresh and its "Saved." went with it, so the admin could not tell the values were kept.
    let current: EngineSettings = settings;
    const puts: unknown[] = [];
    const answers: Record<string, unknown> = {
      "/api/v1/me": { me: { id: "p-ada", name: "Ada Admin", role: "admin", orgId: "o1", orgName: "Org" } },
      "/api/v1/teams": { teams: [buildTeam({ id: "t1", name: "Support EU" })] },
      "/api/v1/people": { people: [] },
      "/api/v1/knowledge/facts": { facts: [] },
      "/api/v1/tokens": { tokens: [] },
    };
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      let body: unknown = answers[url.pathname];
      if (url.pathname === "/api/v1/teams/t1/engine-settings") {
        if (init?.method === "PUT") {
          const { overrides } = JSON.parse(String(init.body)) as { overrides: EngineOverrides };
          puts.push(overrides);
          const effective = { ...defaults, cooldown: { ...defaults.cooldown, ...overrides.cooldown } };
          current = { ...settings, overrides, effective, updatedAt: "2026-03-02T10:00:00.000Z" };
        }
        body = { settings: current };
      }
      return new Response(JSON.stringify(body ?? {}), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }) as typeof fetch;
    try {
      const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
      render(
        <QueryClientProvider client={client}>
          <AdminPage tab="thresholds" />
        </QueryClientProvider>,
      );
      const cooldown = (await screen.findByLabelText("Cooldown (messages)")) as HTMLInputElement;
      await userEvent.clear(cooldown);
      await userEvent.type(cooldown, "6");
      await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
      const status = await screen.findByRole("status");
      expect(status.textContent).toBe(
        "Saved. The team’s conversations use these values from their next message.",
      );
      expect(puts).toEqual([{ cooldown: { turns: 6 } }]);
      // The form shows the saved value, read back from the server.
      expect((screen.getByLabelText(/^Cooldown \(messages\)/) as HTMLInputElement).value).toBe("6");
      // Beside the button pressed, not only at the top of a form taller than the screen.
      const save = screen.getByRole("button", { name: "Save thresholds" });
      expect(save.compareDocumentPosition(status) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    } finally {
      globalThis.fetch = original;
    }
  });
});
