import { Link } from "wouter";
import {
  SKILLS,
  type Pairing,
  type SkillEntry,
  type SkillMap,
  type SkillName,
  type SkillVerdict,
} from "../../../protocol/index.ts";
import { Badge, type Tone } from "../../ui/Badge.tsx";
import { EmptyState, Panel } from "../../ui/Panel.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";
import { Tip } from "../../ui/Tip.tsx";
import { SkillTrend, firstWeekWithEvidence } from "./SkillTrend.tsx";

export const VERDICT_LABEL: Record<SkillVerdict, string> = {
  strength: "Strength",
  gap: "Gap",
  typical: "Like the team",
  not_enough: "Not enough yet",
};
const VERDICT_TONE: Record<SkillVerdict, Tone> = {
  strength: "ok",
  gap: "warn",
  typical: "neutral",
  not_enough: "neutral",
};

/** A level in the skill's own terms: a QA item out of 4, a rate in percent. */
export function formatLevel(skill: SkillName, level: number | null): string {
  if (level === null) return "—";
  return SKILLS[skill].scale === "score" ? `${((level / 100) * 4).toFixed(1)} of 4` : `${Math.round(level)}%`;
}

/**
 * A difference between two levels in the same terms as the levels ("0.6" of 4 for a QA item, "15%"
 * for a rate), not in the 0–100 points the server compares in: "▲ 16 pts" beside "3.2 of 4" read
 * as two scales. Empty when it rounds to nothing on that scale.
 */
export function formatDifference(skill: SkillName, points: number): string {
  const size = Math.abs(points);
  if (SKILLS[skill].scale === "score") {
    const of4 = ((size / 100) * 4).toFixed(1);
    return of4 === "0.0" ? "" : of4;
  }
  const percent = Math.round(size);
  return percent === 0 ? "" : `${percent}%`;
}

/** The verdict margin on both scales, for text about every skill at once. */
export const marginInWords = (margin: number): string =>
  `${((margin / 100) * 4).toFixed(1)} on a scorecard item out of 4, ${Math.round(margin)}% on a rate`;

/**
 * Where an example conversation opens: the person's scorecard for a QA item (theirs, also where they
 * were a helper: `?person=` opens a helper's card, or the agent's when it is theirs), else the conversation.
 */
export const exampleHref = (skill: SkillName, conversationId: string, personId: string): string =>
  SKILLS[skill].source === "qa"
    ? `/qa/${conversationId}?person=${encodeURIComponent(personId)}`
    : `/conversations/${conversationId}`;

const shortDate = (iso: string): string =>
  new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "short" });

/** "the last 4 weeks", or "the last 7 days" for a short period's recent half. */
export function recentLabel(map: Pick<SkillMap, "recentPeriod">): string {
  const days = Math.round(
    (Date.parse(map.recentPeriod.until) - Date.parse(map.recentPeriod.since)) / 86_400_000,
  );
  if (days === 7) return "the last week";
  return days % 7 === 0 ? `the last ${days / 7} weeks` : `the last ${days} days`;
}

const level = (entry: SkillEntry, part: { level: number | null; conversations: number }) =>
  `${formatLevel(entry.skill, part.level)} over ${part.conversations} conversation${part.conversations === 1 ? "" : "s"}`;

/**
 * The trend: the period's recent part against the evidence before it. "new" only for a skill with
 * nothing earlier (in the period or the one before it); "—" for a skill with nothing lately.
 */
function Change({ entry, recent }: { entry: SkillEntry; recent: string }) {
  const before = `${shortDate(entry.previous.since)} to ${shortDate(entry.previous.until)}`;
  let text: string;
  let why: string;
  if (entry.change !== null) {
    const size = formatDifference(entry.skill, entry.change);
    text = size === "" ? "steady" : `${entry.change > 0 ? "▲" : "▼"} ${size}`;
    why = `${recent}: ${level(entry, entry.recent)}; ${before}: ${level(entry, entry.previous)}`;
  } else if (entry.recent.conversations > 0) {
    text = "new";
    why = `first seen in ${recent}: nothing earlier`;
  } else if (entry.previous.conversations > 0) {
    text = "—";
    why = `nothing in ${recent}; ${before}: ${level(entry, entry.previous)}`;
  } else {
    text = "—";
    why = "no evidence yet";
  }
  return (
    <span className="small" style={{ whiteSpace: "nowrap" }}>
      <Tip tip={why}>{text}</Tip>
    </span>
  );
}

function VerdictBadge({
  entry,
  rule,
}: {
  entry: Pick<SkillEntry, "skill" | "verdict" | "conversations" | "teamConversations">;
  rule: SkillMap["rule"];
}) {
  const why =
    entry.verdict === "not_enough"
      ? entry.conversations < rule.minConversations
        ? `${entry.conversations} of the ${rule.minConversations} conversations needed`
        : `the rest of the team has ${entry.teamConversations} of the ${rule.minConversations} needed`
      : entry.verdict === "typical"
        ? `within ${formatDifference(entry.skill, rule.margin)} of the team`
        : `${formatDifference(entry.skill, rule.margin)} or more ${entry.verdict === "strength" ? "above" : "below"} the team`;
  return (
    <Tip tip={why}>
      <Badge tone={VERDICT_TONE[entry.verdict]}>{VERDICT_LABEL[entry.verdict]}</Badge>
    </Tip>
  );
}

/** Pairings in force around this person: who helps them, whom they help. */
export function PairingList({ pairings, personId }: { pairings: readonly Pairing[]; personId: string }) {
  if (pairings.length === 0) return null;
  return (
    <ul className="stack" style={{ margin: 0, paddingLeft: 18 }} aria-label="Mentorship">
      {pairings.map((p) => {
        const skill = SKILLS[p.skill].label.toLowerCase();
        const topic = p.topic === null ? "" : ` in ${p.topic}`;
        return (
          <li key={p.id}>
            {p.mentee.id === personId ? (
              <>
                <strong>{p.mentor.name}</strong> helps with {skill}
                {topic}.
              </>
            ) : (
              <>
                Helping <strong>{p.mentee.name}</strong> with {skill}
                {topic}.
              </>
            )}{" "}
            {p.reason !== "" ? <span className="small muted">{p.reason}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Per topic: the skills that stand out there (strengths and gaps), or why nothing does yet. */
function TopicSummary({ map }: { map: SkillMap }) {
  if (map.topics.length === 0) return null;
  return (
    <Panel title="By topic">
      <ul className="stack" style={{ margin: 0, paddingLeft: 0, listStyle: "none" }}>
        {map.topics.map(({ topic, conversations }) => {
          const standing = map.skills.flatMap((s) => {
            const t = s.topics.find((x) => x.topic === topic);
            return t !== undefined && (t.verdict === "strength" || t.verdict === "gap") ? [{ s, t }] : [];
          });
          return (
            <li key={topic}>
              <strong>{topic}</strong>{" "}
              <span className="small muted">
                {conversations} conversation{conversations === 1 ? "" : "s"}
              </span>
              <div className="row" style={{ flexWrap: "wrap", gap: 6, marginTop: 4 }}>
                {standing.length === 0 ? (
                  <span className="small muted">
                    {conversations < map.rule.minConversations
                      ? `Not enough yet: ${map.rule.minConversations} conversations about it are needed to compare.`
                      : "Nothing stands out from the team here."}
                  </span>
                ) : (
                  // The words beside the badge, not in it: a badge does not wrap on a narrow screen.
                  standing.map(({ s, t }) => (
                    <span key={s.skill} className="small">
                      <Badge tone={VERDICT_TONE[t.verdict]}>{VERDICT_LABEL[t.verdict]}</Badge>{" "}
                      {SKILLS[s.skill].label} ({formatLevel(s.skill, t.level)} vs{" "}
                      {formatLevel(s.skill, t.teamLevel)})
                    </span>
                  ))
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}

/** One person's skill map: each skill's level against the team, its trend, and the conversations behind it. */
export function SkillMapView({ map }: { map: SkillMap }) {
  const strengths = map.skills.filter((s) => s.verdict === "strength");
  const gaps = map.skills.filter((s) => s.verdict === "gap");
  const fromWeek = firstWeekWithEvidence(map.skills);
  return (
    <div className="stack">
      <p className="small muted" style={{ margin: 0 }}>
        {map.conversations} closed conversation{map.conversations === 1 ? "" : "s"} from{" "}
        {shortDate(map.period.since)} to {shortDate(map.period.until)}, compared with the rest of{" "}
        {map.person.teams.map((t) => t.name).join(" and ") || "the team"}. A strength or a gap needs at least{" "}
        {map.rule.minConversations} conversations and a distance from the team's level of{" "}
        {marginInWords(map.rule.margin)}. The trend compares {recentLabel(map)} with the weeks before them.
      </p>
      {map.pairings.length > 0 ? (
        <Panel title="Mentorship pairings">
          <PairingList pairings={map.pairings} personId={map.person.id} />
        </Panel>
      ) : null}
      {/* Side by side where they fit, one under the other where not (no separator left dangling). */}
      <div className="row" style={{ flexWrap: "wrap", gap: "4px 18px" }} aria-label="Summary">
        <span>
          <strong>Strengths:</strong>{" "}
          {strengths.length === 0 ? "none clear yet" : strengths.map((s) => SKILLS[s.skill].label).join(", ")}
        </span>
        <span>
          <strong>Gaps:</strong>{" "}
          {gaps.length === 0 ? "none clear yet" : gaps.map((s) => SKILLS[s.skill].label).join(", ")}
        </span>
      </div>
      {map.conversations === 0 ? (
        <EmptyState>
          No closed conversations with a scorecard in this period yet. The map fills in as conversations
          close.
        </EmptyState>
      ) : (
        <Panel flush>
          <TableScroll label={`Skills of ${map.person.name}`}>
            {/* On a phone each skill is a card (theme.css, phone-cards): the roles are spelled out,
                as a table shown as blocks loses its meaning in some browsers (Safari). */}
            <table role="table" className="table phone-cards" aria-label={`Skills of ${map.person.name}`}>
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">
                    Skill
                  </th>
                  <th role="columnheader" scope="col" className="num">
                    Level
                  </th>
                  <th role="columnheader" scope="col" className="num">
                    Team
                  </th>
                  <th role="columnheader" scope="col">
                    Verdict
                  </th>
                  <th role="columnheader" scope="col">
                    Trend
                  </th>
                  <th role="columnheader" scope="col">
                    Conversations behind it
                  </th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {map.skills.map((s) => (
                  <tr role="row" key={s.skill}>
                    <th role="rowheader" scope="row" className="card-wide">
                      {/* What it means is shown below it, for everyone. */}
                      <span>{SKILLS[s.skill].label}</span>
                      <div className="small muted" style={{ fontWeight: 400 }}>
                        {SKILLS[s.skill].means}
                      </div>
                    </th>
                    <td role="cell" className="num" style={{ whiteSpace: "nowrap" }} data-label="Level">
                      {formatLevel(s.skill, s.level)}
                      <div className="small muted">{s.conversations} conv.</div>
                    </td>
                    <td role="cell" className="num" style={{ whiteSpace: "nowrap" }} data-label="Team">
                      {formatLevel(s.skill, s.teamLevel)}
                      <div className="small muted">{s.teamConversations} conv.</div>
                    </td>
                    <td role="cell" data-label="Verdict">
                      <VerdictBadge entry={s} rule={map.rule} />
                    </td>
                    <td role="cell" data-label="Trend">
                      <div className="row" style={{ gap: 8, alignItems: "center", flexWrap: "nowrap" }}>
                        <SkillTrend skill={s.skill} weeks={s.weeks} fromWeek={fromWeek} />
                        <Change entry={s} recent={recentLabel(map)} />
                      </div>
                    </td>
                    <td role="cell" className="card-wide" data-label="Conversations behind it">
                      {s.examples.length === 0 ? (
                        <span className="small muted">—</span>
                      ) : (
                        <ul
                          className="row"
                          style={{ flexWrap: "wrap", gap: 6, listStyle: "none", margin: 0, padding: 0 }}
                          aria-label={`Conversations behind ${SKILLS[s.skill].label}`}
                        >
                          {s.examples.map((e) => (
                            <li key={e.conversationId}>
                              <Link
                                href={exampleHref(s.skill, e.conversationId, map.person.id)}
                                className="small"
                              >
                                {e.topic ?? "conversation"} · {shortDate(e.closedAt)}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Panel>
      )}
      <TopicSummary map={map} />
    </div>
  );
}
