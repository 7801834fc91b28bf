// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { ShowOlder } from "./ShowOlder.tsx";

afterEach(cleanup);

describe("ShowOlder: the foot of the Debriefs, QA and History lists", () => {
  it("says how many are shown and offers older ones while there are more", async () => {
    let asked = 0;
    render(
      <ShowOlder
        shown={100}
        noun="card"
        pages={{ hasNextPage: true, isFetchingNextPage: false, fetchNextPage: () => (asked += 1) }}
      />,
    );
    expect(screen.getByText("100 cards shown")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Show older" }));
    expect(asked).toBe(1);
  });

  it("is busy while the older ones load, saying which", () => {
    render(
      <ShowOlder
        shown={100}
        noun="conversation"
        pages={{ hasNextPage: true, isFetchingNextPage: true, fetchNextPage: () => undefined }}
      />,
    );
    const button = screen.getByRole("button", { name: "Loading older conversations…" }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });

  it("says when that is all, one or many, with no button", () => {
    const done = { hasNextPage: false, isFetchingNextPage: false, fetchNextPage: () => undefined };
    const { rerender } = render(<ShowOlder shown={1} noun="scorecard" pages={done} />);
    expect(screen.getByText("1 scorecard: that is all")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
    rerender(<ShowOlder shown={7} noun="scorecard" pages={done} />);
    expect(screen.getByText("7 scorecards: that is all")).toBeTruthy();
  });

  it("does not claim that is all when the list stops at its limit", () => {
    const done = { hasNextPage: false, isFetchingNextPage: false, fetchNextPage: () => undefined };
    render(<ShowOlder shown={500} noun="escalation" pages={done} atLimit />);
    expect(screen.getByText("500 escalations shown; older ones are not listed here")).toBeTruthy();
    expect(screen.queryByText(/that is all/)).toBeNull();
  });
});
