// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { RiskMeter } from "./RiskMeter.tsx";

afterEach(cleanup);

describe("RiskMeter", () => {
  it("is read out as 'risk 82%' beside a name (the console's list of conversations), the bar left out", () => {
    render(
      <a href="/console/c1">
        <strong>Maya Chen</strong> <RiskMeter risk={0.82} />
      </a>,
    );
    expect(screen.getByRole("link", { name: /^Maya Chen\s+risk\s+82%$/ })).toBeTruthy();
  });
});
