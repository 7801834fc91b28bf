// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { buildAlert } from "../../testing/factories.ts";
import { isOpenAlert } from "./AlertsPage.tsx";

describe("the helper's alert queue", () => {
  it("keeps raised and acknowledged alerts and drops expired, dismissed and handled ones", () => {
    const alerts = (["raised", "acknowledged", "expired", "dismissed_not_useful", "acted_on"] as const).map(
      (status) => buildAlert({ id: status, status }),
    );
    expect(alerts.filter(isOpenAlert).map((a) => a.id)).toEqual(["raised", "acknowledged"]);
  });
});
