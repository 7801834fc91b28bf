// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import type { SetupProgress } from "../../../protocol/index.ts";
import { describeSetupStep } from "./SetupChecklist.tsx";

const progress = (over: Partial<SetupProgress>): SetupProgress => ({
  complete: false,
  steps: [],
  teams: 1,
  agentsInTeams: 0,
  leadsInTeams: 0,
  hasConversations: false,
  activeTokens: 0,
  publishedFacts: 0,
  teamsOnDefaultProtocol: 1,
  ...over,
});

describe("describeSetupStep", () => {
  it("says what has been done so far, and what a team without a lead means", () => {
    expect(describeSetupStep("people", progress({})).progress).toBeNull();
    expect(describeSetupStep("people", progress({ agentsInTeams: 3, leadsInTeams: 1 })).progress).toBe(
      "3 agents and 1 lead in teams",
    );
    expect(describeSetupStep("people", progress({ agentsInTeams: 1 })).progress).toBe(
      "1 agent and no lead in teams: escalations go straight to the admins",
    );
    expect(describeSetupStep("conversations", progress({ activeTokens: 1 })).progress).toBe(
      "1 API token made; no conversation yet",
    );
    expect(describeSetupStep("protocol", progress({ teams: 2, teamsOnDefaultProtocol: 2 })).progress).toBe(
      "2 teams still on the default",
    );
  });

  it("says people get a sign-in link to choose their own password, not one the admin makes up", () => {
    // It said "an initial password", which Admin → People no longer asks for.
    const text = renderToStaticMarkup(<>{describeSetupStep("people", progress({})).detail}</>);
    expect(text).toContain(
      "tagteam gives you a sign-in link to send them, with which they choose their own password.",
    );
    expect(text).not.toContain("initial password");
  });

  it("links each step to where it is done", () => {
    const links = (key: Parameters<typeof describeSetupStep>[0]) =>
      [
        ...renderToStaticMarkup(<>{describeSetupStep(key, progress({})).detail}</>).matchAll(
          /href="([^"]+)"/g,
        ),
      ].map((m) => m[1]);
    expect(links("team")).toEqual(["/admin/teams"]);
    expect(links("conversations")).toEqual(["/admin/teams", "/admin/tokens", "/exports"]);
    expect(links("knowledge")).toEqual(["/admin/knowledge"]);
    expect(links("protocol")).toEqual(["/admin/protocol"]);
  });
});
