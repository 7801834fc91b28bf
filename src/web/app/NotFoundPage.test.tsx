// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { leadsHome, NotFoundPage } from "./NotFoundPage.tsx";
import { PageTitleContext } from "./pageTitle.ts";

afterEach(cleanup);

describe("NotFoundPage", () => {
  it("says, as an alert, that no page answers the address, naming it", () => {
    render(<NotFoundPage me={{ role: "agent" }} path="/no-such-page" />);
    const alert = screen.getByRole("alert");
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeTruthy();
    expect(alert.textContent).toContain("/no-such-page");
  });

  it("names itself in the tab's title while shown, and lets the next page name it", () => {
    const names: (string | null)[] = [];
    const { unmount } = render(
      <PageTitleContext.Provider value={(name) => names.push(name)}>
        <NotFoundPage me={{ role: "agent" }} path="/console/old/link" />
      </PageTitleContext.Provider>,
    );
    expect(names).toEqual(["Page not found"]);
    unmount();
    expect(names).toEqual(["Page not found", null]);
  });

  it("leads back to the person's own start page: the console for an agent, the floor for a lead or admin", () => {
    render(<NotFoundPage me={{ role: "agent" }} path="/x" />);
    expect(screen.getByRole("link", { name: "Go to your console" }).getAttribute("href")).toBe("/console");
    cleanup();
    render(<NotFoundPage me={{ role: "lead" }} path="/x" />);
    expect(screen.getByRole("link", { name: "Go to the floor" }).getAttribute("href")).toBe("/floor");
    cleanup();
    render(<NotFoundPage me={{ role: "admin" }} path="/x" />);
    expect(screen.getByRole("link", { name: "Go to the floor" }).getAttribute("href")).toBe("/floor");
  });

  it("is what a mistyped address shows; the start page and other roles' pages still lead home", () => {
    expect(leadsHome("/no-such-page")).toBe(false);
    expect(leadsHome("/floorr")).toBe(false);
    expect(leadsHome("/numbersx")).toBe(false);
    expect(leadsHome("/")).toBe(true);
    expect(leadsHome("/admin/integrations")).toBe(true);
    expect(leadsHome("/exports")).toBe(true);
    expect(leadsHome("/escalations")).toBe(true);
  });
});
