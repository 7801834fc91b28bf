import type { Intervention } from "../../../protocol/resources.ts";
import { formatWhen } from "../../lib/format.ts";

/**
 * The latest escalation of this conversation that someone else raised while I handle it, or that
 * tagteam raised by the team's protocol (from an alert, in my name): shown to me discreetly, so a
 * supervisor joining or taking over does not come as a surprise. Not one escalated to me: a lead
 * handed the conversation they had taken on read that they "may join or take it over".
 */
export function escalationByOthers(
  interventions: readonly Intervention[],
  meId: string,
): Intervention | null {
  return interventions
    .filter(
      (i) =>
        i.kind === "escalation" &&
        (i.fromId !== meId || isAutomatic(i)) &&
        i.toId !== meId &&
        (i.status === "offered" || i.status === "accepted"),
    )
    .reduce<Intervention | null>(
      (last, i) => (last === null || i.createdAt > last.createdAt ? i : last),
      null,
    );
}

/**
 * The latest escalation of this conversation to show on my console while I handle it: another's
 * or the protocol's (`escalationByOthers`), or my own, so that once I escalate it the console says
 * where it went and whether a lead has taken it on (the form closed and nothing said it was sent:
 * walking loop 1, an agent could not tell and escalated again). Not one escalated to me.
 */
export function escalationOnConsole(
  interventions: readonly Intervention[],
  meId: string,
): Intervention | null {
  return interventions
    .filter(
      (i) =>
        i.kind === "escalation" && i.toId !== meId && (i.status === "offered" || i.status === "accepted"),
    )
    .reduce<Intervention | null>(
      (last, i) => (last === null || i.createdAt > last.createdAt ? i : last),
      null,
    );
}

/** An escalation tagteam raised from an alert by the team's protocol (a teammate's has no alert). */
export const isAutomatic = (i: Intervention): boolean => i.kind === "escalation" && i.alertId !== null;

/**
 * Who raised it, in a list of step-ins: tagteam when the team's protocol did. Such an escalation is
 * stored in the agent's name, and the lead's queue and the conversation's history said the agent
 * had escalated it themself. With the conversation's agent known, one from an alert in someone
 * else's name (a teammate acting on their alert) keeps that name.
 */
export const raisedByName = (i: Intervention, agentId?: string | null): string | null =>
  isAutomatic(i) && (agentId === undefined || agentId === null || i.fromId === agentId)
    ? "tagteam (the team's protocol)"
    : i.fromName;

export function EscalationNote({ escalation, meId }: { escalation: Intervention; meId?: string }) {
  const by = isAutomatic(escalation)
    ? "tagteam, by the team's protocol,"
    : meId !== undefined && escalation.fromId === meId
      ? "You"
      : (escalation.fromName ?? "A teammate");
  const to = escalation.toName;
  return (
    <div className="notice small" role="status" aria-label="Escalated">
      {escalation.status === "accepted"
        ? `${by} escalated this conversation; ${to ?? "a lead"} has taken it on and may join or take it over.`
        : `${by} escalated this conversation to ${to ?? "a lead"}: they may join or take it over.`}{" "}
      <span className="muted">{formatWhen(escalation.createdAt)}</span>
    </div>
  );
}
