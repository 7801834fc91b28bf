import {
  agentNumberDefinitions,
  type AgentNumbersPeriod,
  type AgentNumbersResponse,
} from "../../../protocol/agentNumbers.ts";
import { SURVEY_TAG_INFO, SURVEY_TAGS } from "../../../protocol/numbers.ts";
import {
  conversationsLine,
  firstContactLine,
  of,
  share,
  sharesOf,
  TONE_COLOR,
  type Measure,
} from "./numbersModel.ts";

/*
 * What "My numbers" draws, from one person's counts: the team page's kinds of measure (a share or a
 * count per period, with the counts behind it), in the second person ("your conversations") for
 * the person themself, and naming them for a lead who reads theirs ("Ana Silva did not step
 * in…": a lead read "You did not step into a teammate's conversation" as about themself). Pure.
 */

/** How the measures speak of the person: to them, or of them by name. */
interface Voice {
  title: (mine: string, theirs: string) => string;
  /** "you" or their name, as a subject or an object. */
  who: string;
  /** "your" or their name's possessive. */
  whose: string;
}

function voiceFor(name: string | null): Voice {
  if (name === null) return { title: (mine) => mine, who: "you", whose: "your" };
  return { title: (_mine, theirs) => theirs, who: name, whose: `${name}'s` };
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

type Outcomes = AgentNumbersPeriod["helpReceived"];

function outcomeLines(periods: readonly AgentNumbersPeriod[], pick: (p: AgentNumbersPeriod) => Outcomes) {
  const line = (label: string, color: string, f: (o: Outcomes) => number, dashed = false) => ({
    label,
    color,
    ...(dashed ? { dashed } : {}),
    ...sharesOf(
      periods,
      (p) => f(pick(p)),
      (p) => pick(p).total,
    ),
  });
  return [
    line("Recovered", "#1f8a5b", (o) => o.recovered),
    line("Not recovered", "#c8372d", (o) => o.notRecovered),
    line("Too early to tell", "#8a929c", (o) => o.tooEarly, true),
  ];
}

const outcomeSummary = (o: Outcomes, what: [one: string, many: string], none: string): string =>
  o.total === 0
    ? none
    : `Of ${o.total} ${o.total === 1 ? what[0] : what[1]}: ${o.recovered} recovered, ${o.notRecovered} did not, ${o.tooEarly} too early to tell.`;

/**
 * The measures of one person's range, in the page's order: spoken to the person, or of `name`
 * when someone else (their lead) reads them.
 */
export function agentMeasuresOf(
  data: Pick<AgentNumbersResponse, "periods" | "total"> & { bucket?: AgentNumbersResponse["bucket"] },
  name: string | null = null,
  nowMs: number = Date.now(),
): Measure[] {
  const v = voiceFor(name);
  const definitions = agentNumberDefinitions(name);
  const p = data.periods;
  const t = data.total;
  const tagShare = (tag: (typeof SURVEY_TAGS)[number]) => (x: AgentNumbersPeriod) =>
    share(x.survey.tags[tag], x.survey.answered);
  // This week (or today) so far at its pace, as on the team's page.
  const volume = conversationsLine(p, data.bucket ?? "day", nowMs);
  return [
    {
      id: "conversations",
      title: v.title("Your conversations", "Conversations"),
      definition: definitions.conversations,
      unit: "count",
      lines: [volume.line],
      summary: `${t.conversations} conversations in the range (${t.escalated} escalated to a lead).`,
      hasData: t.conversations > 0,
      ...(volume.note !== undefined ? { partialNote: volume.note } : {}),
    },
    {
      id: "fcr",
      title: "Resolved at first contact",
      definition: definitions.firstContactResolution,
      unit: "share",
      lines: [firstContactLine(p)],
      summary:
        t.closed === 0
          ? `None of ${v.whose} conversations that started in the range has closed yet.`
          : `${of(t.resolvedFirstContact, t.closed, "closed conversations")}.`,
      hasData: t.closed > 0,
    },
    {
      id: "help-received",
      title: "Recovered after help",
      definition: definitions.helpReceived,
      unit: "share",
      lines: outcomeLines(p, (x) => x.helpReceived),
      summary: outcomeSummary(
        t.helpReceived,
        [`conversation where a teammate helped ${v.who}`, `conversations where a teammate helped ${v.who}`],
        `No teammate stepped in to help ${v.who} in the range.`,
      ),
      hasData: t.helpReceived.total > 0,
    },
    {
      id: "help-given",
      title: v.title("Help you gave teammates", "Help given to teammates"),
      definition: definitions.helpGiven,
      unit: "share",
      lines: outcomeLines(p, (x) => x.helpGiven),
      summary: outcomeSummary(
        t.helpGiven,
        [`teammate's conversation ${v.who} stepped into`, `teammates' conversations ${v.who} stepped into`],
        `${capital(v.who)} did not step into a teammate's conversation in the range.`,
      ),
      hasData: t.helpGiven.total > 0,
    },
    {
      id: "scorecard",
      title: "Scorecard trend",
      definition: definitions.scorecards,
      unit: "score",
      lines: [
        {
          label: "Average overall",
          color: "#2f6f9f",
          values: p.map((x) => x.scorecards.averageOverall),
          detail: p.map((x) => (x.scorecards.count === 0 ? null : `${x.scorecards.count} scorecards`)),
        },
      ],
      summary:
        t.scorecards.count === 0 || t.scorecards.averageOverall === null
          ? "No scorecard in the range."
          : `Average ${t.scorecards.averageOverall.toFixed(1)} of 4 over ${t.scorecards.count} scorecards.`,
      hasData: t.scorecards.count > 0,
    },
    {
      id: "survey",
      title: v.title("What your customers said", "What their customers said"),
      definition: definitions.survey,
      unit: "share",
      lines: SURVEY_TAGS.map((tag) => ({
        label: SURVEY_TAG_INFO[tag].label,
        color: TONE_COLOR[SURVEY_TAG_INFO[tag].tone],
        ...sharesOf(
          p,
          (x) => x.survey.tags[tag],
          (x) => x.survey.answered,
        ),
      })),
      tagRows: SURVEY_TAGS.map((tag) => ({
        label: SURVEY_TAG_INFO[tag].label,
        tone: SURVEY_TAG_INFO[tag].tone,
        values: p.map(tagShare(tag)),
        part: t.survey.tags[tag],
        whole: t.survey.answered,
      })),
      summary:
        t.survey.answered === 0
          ? `No survey answers with a tag in the range${t.survey.skipped > 0 ? ` (${t.survey.skipped} skipped)` : ""}.`
          : `${t.survey.answered} answers with a tag in the range (${t.survey.skipped} skipped).`,
      hasData: t.survey.answered > 0,
    },
  ];
}
