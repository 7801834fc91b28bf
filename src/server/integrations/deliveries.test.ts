import { describe, expect, it } from "vitest";
import {
  DeliveryError,
  deliveryErrorForStatus,
  describeDeliveryFailure,
  retryDelayMs,
} from "./deliveries.ts";

describe("delivery failures", () => {
  it("a 4xx is permanent, except 408 and 429; 5xx are transient", () => {
    const permanent = (status: number) => deliveryErrorForStatus(status, `answered ${status}`).permanent;
    expect([400, 401, 403, 404, 410, 413, 422].map(permanent)).toEqual(Array(7).fill(true));
    expect([408, 429, 500, 502, 503, 504].map(permanent)).toEqual(Array(6).fill(false));
    expect(deliveryErrorForStatus(404, "answered 404")).toMatchObject({ message: "answered 404" });
  });

  it("backs off 1, 2, 4… times the base, capped", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, 1_000, 30_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    expect(retryDelayMs(500, 1_000, 60_000)).toBe(60_000);
  });

  it("describes a failure with its network cause, a timeout in words", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    expect(describeDeliveryFailure(new TypeError("fetch failed", { cause: refused }))).toBe(
      "fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)",
    );
    expect(
      describeDeliveryFailure(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
    ).toBe("no answer in time");
    expect(describeDeliveryFailure(new DeliveryError("webhook answered 500", false))).toBe(
      "webhook answered 500",
    );
    expect(describeDeliveryFailure("odd")).toBe("odd");
  });
});
