// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_ENGINE_CONFIG } from "../../../engine/index.ts";
import type { EngineOverrides, EngineSettings, EngineTunables } from "../../../protocol/engineSettings.ts";
import { THRESHOLD_FIELDS, ThresholdsAdmin, type FieldErrors } from "./ThresholdsAdmin.tsx";

afterEach(cleanup);

const defaults: EngineTunables = {
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

describe("ThresholdsAdmin", () => {
  it("labels every tunable value and shows the team's effective values", () => {
    render(<ThresholdsAdmin settings={settings} busy={false} onSave={async () => ({})} />);
    for (const f of THRESHOLD_FIELDS) expect(screen.getByLabelText(f.label)).toBeTruthy();
    expect((screen.getByLabelText("High frustration (0–1)") as HTMLInputElement).value).toBe("0.6");
  });

  it("sends only the changed values, and shows the engine's problem beside its field", async () => {
    const sent: EngineOverrides[] = [];
    const answer: FieldErrors = { "thresholds.frustrationHigh": "must be a number in [0, 1], got 1.5" };
    render(
      <ThresholdsAdmin
        settings={settings}
        busy={false}
        onSave={async (o) => {
          sent.push(o);
          return sent.length === 1 ? answer : {};
        }}
      />,
    );
    const high = screen.getByLabelText(/^High frustration/) as HTMLInputElement;
    await userEvent.clear(high);
    await userEvent.type(high, "1.5");
    await userEvent.click(screen.getByRole("checkbox", { name: /legal threat/ }));
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent[0]).toEqual({ thresholds: { frustrationHigh: 1.5 }, escalation: { onLegalThreat: false } });
    expect(screen.getByRole("alert").textContent).toContain("One value needs fixing");
    expect(high.getAttribute("aria-invalid")).toBe("true");
    const describedBy = high.getAttribute("aria-describedby") ?? "";
    expect(document.getElementById(describedBy)?.textContent).toBe("must be a number in [0, 1], got 1.5");

    await userEvent.clear(high);
    await userEvent.type(high, "0.5");
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent[1]).toEqual({ thresholds: { frustrationHigh: 0.5 }, escalation: { onLegalThreat: false } });
    expect(high.getAttribute("aria-invalid")).toBe("false");
    expect(screen.getByRole("status").textContent).toContain("Saved");
  });

  it("refuses a blank value before asking the server", async () => {
    const sent: EngineOverrides[] = [];
    render(
      <ThresholdsAdmin
        settings={settings}
        busy={false}
        onSave={async (o) => {
          sent.push(o);
          return {};
        }}
      />,
    );
    await userEvent.clear(screen.getByLabelText("Cooldown (messages)"));
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(sent).toEqual([]);
    expect(screen.getByText("must be a number")).toBeTruthy();
  });
});
