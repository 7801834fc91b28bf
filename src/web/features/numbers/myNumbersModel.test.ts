import { describe, expect, it } from "vitest";
import { AGENT_NUMBER_DEFINITIONS } from "../../../protocol/agentNumbers.ts";
import { agentMeasuresOf } from "./myNumbersModel.ts";

const empty = {
  periods: [],
  total: {
    conversations: 0,
    closed: 0,
    resolvedFirstContact: 0,
    escalated: 0,
    helpReceived: { total: 0, recovered: 0, notRecovered: 0, tooEarly: 0 },
    helpGiven: { total: 0, recovered: 0, notRecovered: 0, tooEarly: 0 },
    scorecards: { count: 0, averageOverall: null },
    survey: { answered: 0, skipped: 0, tags: {} },
  },
} as unknown as Parameters<typeof agentMeasuresOf>[0];

describe("an agent's numbers, their definitions", () => {
  it("speak to the agent on their own page, as the API describes them", () => {
    const measures = agentMeasuresOf(empty);
    expect(measures.map((m) => m.definition)).toEqual([
      AGENT_NUMBER_DEFINITIONS.conversations,
      AGENT_NUMBER_DEFINITIONS.firstContactResolution,
      AGENT_NUMBER_DEFINITIONS.helpReceived,
      AGENT_NUMBER_DEFINITIONS.helpGiven,
      AGENT_NUMBER_DEFINITIONS.scorecards,
      AGENT_NUMBER_DEFINITIONS.survey,
    ]);
  });

  it("name the agent when their lead reads them, with no 'you' left", () => {
    const definitions = agentMeasuresOf(empty, "Ana Silva").map((m) => m.definition);
    expect(definitions[0]).toMatch(
      /^Their conversations: conversations Ana Silva was the agent of, as their scorecards/,
    );
    expect(definitions[3]).toMatch(
      /^Help Ana Silva gave: each teammate's conversation where Ana Silva first/,
    );
    expect(definitions[5]).toMatch(
      /^What customers said about Ana Silva: of the customers of their conversations/,
    );
    for (const d of definitions) expect(d).not.toMatch(/\byou(r)?\b/i);
  });

  it("draw today, not over yet, at its pace over a whole day, and say so", () => {
    const day = {
      ...empty.total,
      start: "2026-03-12T00:00:00.000Z",
      end: "2026-03-13T00:00:00.000Z",
      conversations: 3,
    };
    const measures = agentMeasuresOf(
      { ...empty, periods: [day], bucket: "day" },
      null,
      Date.parse("2026-03-12T06:00:00.000Z"),
    );
    expect(measures[0]?.lines[0]?.values).toEqual([12]);
    expect(measures[0]?.partialNote).toMatch(/is not over: 6 h so far, 3 conversations\./);
  });
});
