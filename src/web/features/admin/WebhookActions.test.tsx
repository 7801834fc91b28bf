// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { WebhookActions, isHttpUrl, webhookStatusText } from "./WebhookActions.tsx";

afterEach(cleanup);

describe("webhookStatusText: the line under both webhook forms (Admin → Integrations)", () => {
  it("says a failure first, in the server's words", () => {
    const failure = { error: new Error("The address is not allowed") };
    const text = webhookStatusText({
      failure,
      test: { ok: true, source: "organisation", message: "It answered 200." },
      done: "Saved.",
    });
    expect(text).toMatch(/^That did not work: /);
  });

  it("says where a test went and how it went; with the receiver's own words when it gave some", () => {
    expect(
      webhookStatusText({
        failure: undefined,
        test: { ok: true, source: "server", message: "Your webhook answered 200." },
        done: "Saved.",
      }),
    ).toBe("Test delivered to the server’s webhook. Your webhook answered 200.");
    expect(
      webhookStatusText({
        failure: undefined,
        test: {
          ok: false,
          source: "organisation",
          message: "Your webhook answered 404.",
          answer: "channel_not_found",
        },
        done: null,
      }),
    ).toBe("Test not delivered to your webhook. Your webhook answered 404. It said: “channel_not_found”.");
    expect(
      webhookStatusText({
        failure: undefined,
        test: { ok: false, source: "organisation", message: "It did not answer.", answer: null },
        done: null,
      }),
    ).toBe("Test not delivered to your webhook. It did not answer.");
  });

  it("else says what the last change did, or nothing", () => {
    expect(webhookStatusText({ failure: undefined, test: null, done: "Removed." })).toBe("Removed.");
    expect(webhookStatusText({ failure: undefined, test: null, done: null })).toBe("");
  });
});

describe("WebhookActions", () => {
  it("offers a test only when some webhook serves the organisation, and runs each action", async () => {
    const clicked: string[] = [];
    const { rerender } = render(
      <form>
        <WebhookActions
          saveLabel="Save reply webhook"
          saving={false}
          test={null}
          status=""
          statusTestId="status"
        />
      </form>,
    );
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(["Save reply webhook"]);

    rerender(
      <form>
        <WebhookActions
          saveLabel="Save reply webhook"
          saving={false}
          test={{ busy: false, onClick: () => clicked.push("test") }}
          more={[{ label: "Make a new secret", busy: true, onClick: () => clicked.push("rotate") }]}
          status="Saved."
          statusTestId="status"
        />
      </form>,
    );
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Save reply webhook",
      "Send a test",
      "Make a new secret",
    ]);
    expect(screen.getByRole("button", { name: "Save reply webhook" }).getAttribute("type")).toBe("submit");
    expect((screen.getByRole("button", { name: "Make a new secret" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    await userEvent.click(screen.getByRole("button", { name: "Send a test" }));
    expect(clicked).toEqual(["test"]);
    expect(screen.getByRole("status").textContent).toBe("Saved.");
  });

  it("says a test is on its way while it is", () => {
    render(
      <WebhookActions
        saveLabel="Save alert webhook"
        saving={false}
        test={{ busy: true, onClick: () => undefined }}
        status=""
        statusTestId="status"
      />,
    );
    const button = screen.getByRole("button", { name: "Sending a test…" }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });
});

describe("isHttpUrl", () => {
  it("takes http and https addresses only", () => {
    expect(isHttpUrl(" https://hooks.slack.com/services/x ")).toBe(true);
    expect(isHttpUrl("http://helpdesk.local/replies")).toBe(true);
    expect(isHttpUrl("hooks.slack.com/services/x")).toBe(false);
    expect(isHttpUrl("ftp://example.com")).toBe(false);
  });
});
