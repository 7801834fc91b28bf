import type { AuditAction, AuditEntry } from "../../../protocol/audit.ts";
import { formatWhen } from "./integrations.ts";

/*
 * The audit log in words: a sentence per action the server writes, the filter's choices, the
 * details in short. Pure: entries in, words out. An action this app does not know yet (a newer
 * server) is shown by its name.
 */

type Details = AuditEntry["details"];

interface ActionInfo {
  /** Its group in the filter. */
  group: string;
  /** Its name in the filter. */
  label: string;
  /** What the actor did, as a sentence starting with a verb; `who` names the people it mentions. */
  sentence: (details: Details, who: Mentions) => string;
  /** Worth noticing (an unredacted export): shown with a warning tone. */
  notable?: boolean;
}

/** The people an entry mentions, by name (null when not on file). */
interface Mentions {
  /** The person under this key of the details (`to`, `helperId`, `personId`…). */
  at: (key: string) => string | null;
  /** Its step-in's sender and receiver. */
  sender: string | null;
  receiver: string | null;
  /** The person under this key of the details is who did it. */
  isActor: (key: string) => boolean;
}

const mentionsOf = (
  entry: Pick<AuditEntry, "details"> & Partial<Pick<AuditEntry, "people" | "stepIn" | "actor">>,
): Mentions => {
  const people = entry.people ?? {};
  const name = (id: unknown): string | null => (typeof id === "string" ? (people[id] ?? null) : null);
  return {
    at: (key) => name(entry.details[key]),
    sender: name(entry.stepIn?.fromPersonId),
    receiver: name(entry.stepIn?.toPersonId),
    isActor: (key) => entry.actor?.id != null && entry.details[key] === entry.actor.id,
  };
};

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" ? value : null);

const STEP_IN_KIND: Record<string, string> = {
  takeover_offer: "takeover offer",
  warm_transfer: "transfer",
  escalation: "escalation",
  raise_hand: "raised hand",
  signal: "signal",
  whisper: "whisper",
};

const signedOut = (d: Details): string => {
  const n = num(d["signedOutSessions"]);
  return n === null || n === 0 ? "" : `; ${n} session${n === 1 ? "" : "s"} signed out`;
};

/** Every action the server writes (AUDIT_ACTIONS), with its words. */
export const ACTIONS: Record<AuditAction, ActionInfo> = {
  "person.created": { group: "People", label: "Person added", sentence: () => "Added a person" },
  "person.updated": {
    group: "People",
    label: "Person changed",
    sentence: (d) => {
      const parts = [
        ["role", "role"],
        ["name", "name"],
        ["availability", "availability"],
        ["teamsAdded", "added to"],
        ["teamsRemoved", "removed from"],
        ["topics", "topics"],
      ]
        .map(([key, words]) => (str(d[key ?? ""]) !== null ? `${words} ${str(d[key ?? ""])}` : null))
        .filter((p): p is string => p !== null);
      return parts.length > 0
        ? `Changed a person: ${parts.join("; ")}`
        : "Changed a person’s details (name, role, teams, topics or availability)";
    },
  },
  "person.deactivated": {
    group: "People",
    label: "Person deactivated",
    sentence: (d) => `Deactivated a person${signedOut(d)}`,
  },
  "person.reactivated": {
    group: "People",
    label: "Person reactivated",
    sentence: () => "Reactivated a person",
  },
  "person.password_reset": {
    group: "People",
    label: "Password set by an admin",
    sentence: (d) => `Set a new password for someone${signedOut(d)}`,
  },
  "person.sign_in_link_created": {
    group: "People",
    label: "Sign-in link made",
    sentence: (d) =>
      d["purpose"] === "invite"
        ? "Made a sign-in link for someone new to choose their password"
        : "Made a sign-in link for someone to choose a new password",
  },
  "person.password_set_by_link": {
    group: "People",
    label: "Password chosen with a sign-in link",
    sentence: (d) => `Chose their password with a sign-in link${signedOut(d)}`,
  },
  "person.password_changed": {
    group: "People",
    label: "Own password changed",
    sentence: (d) => `Changed their own password${signedOut(d)}`,
  },
  "session.revoked": {
    group: "Sessions",
    label: "A session signed out",
    sentence: (d) => {
      if (d["current"] === true) return "Signed out this device from their session list";
      const device = str(d["device"]);
      return `Signed out one of their own sessions${device === null ? "" : ` (${device})`}`;
    },
  },
  "session.others_revoked": {
    group: "Sessions",
    label: "Signed out everywhere else",
    sentence: (d) => `Signed out everywhere else${signedOut(d)}`,
  },
  "team.created": { group: "Teams", label: "Team created", sentence: () => "Created a team" },
  "team.renamed": {
    group: "Teams",
    label: "Team renamed",
    sentence: (d) => {
      const from = str(d["from"]);
      const to = str(d["to"]);
      return from !== null && to !== null ? `Renamed the team “${from}” to “${to}”` : "Renamed a team";
    },
  },
  "organisation.renamed": {
    group: "Teams",
    label: "Organisation renamed",
    sentence: (d) => {
      const from = str(d["from"]);
      const to = str(d["to"]);
      return from !== null && to !== null
        ? `Renamed the organisation “${from}” to “${to}”`
        : "Renamed the organisation";
    },
  },
  "escalation_protocol.updated": {
    group: "Teams",
    label: "Escalation protocol changed",
    sentence: (d) => {
      const from = str(d["from"]);
      const to = str(d["to"]);
      return from !== null && to !== null
        ? `Changed a team’s escalation protocol from ${from} to ${to}`
        : "Changed a team’s escalation protocol";
    },
  },
  "engine_settings.updated": {
    group: "Teams",
    label: "Thresholds changed",
    sentence: () => "Changed when a team’s alerts are raised (thresholds)",
  },
  "api_token.created": {
    group: "API tokens",
    label: "Token created",
    sentence: () => "Created an API token",
  },
  "api_token.revoked": {
    group: "API tokens",
    label: "Token revoked",
    sentence: () => "Revoked an API token",
  },
  "knowledge.created": {
    group: "Knowledge",
    label: "Fact added",
    sentence: () => "Added a knowledge fact",
  },
  "knowledge.updated": {
    group: "Knowledge",
    label: "Fact corrected",
    sentence: (d) => {
      // { value: { from: 30, to: 45 }, … }: the fields changed, in words.
      const changes = Object.entries(d)
        .filter((e): e is [string, { from: unknown; to: unknown }] => {
          const v = e[1];
          return typeof v === "object" && v !== null && "from" in v && "to" in v;
        })
        .map(([field, v]) => `${field} ${shortValue(v.from)} → ${shortValue(v.to)}`);
      return changes.length > 0
        ? `Corrected a knowledge fact: ${changes.join("; ")}`
        : "Corrected a knowledge fact";
    },
  },
  "knowledge.deleted": {
    group: "Knowledge",
    label: "Fact deleted",
    sentence: () => "Deleted a knowledge fact",
  },
  "insight.published": {
    group: "Knowledge",
    label: "Insight published",
    sentence: () => "Published a knowledge insight as a fact",
  },
  "insight.rejected": {
    group: "Knowledge",
    label: "Insight rejected",
    sentence: () => "Rejected a knowledge insight",
  },
  "alert.acknowledged": {
    group: "Alerts and step-ins",
    label: "Alert picked up",
    sentence: () => "Picked up an alert",
  },
  "alert.dismissed": {
    group: "Alerts and step-ins",
    label: "Alert closed",
    sentence: (d) =>
      str(d["reason"]) === "not_useful" ? "Marked an alert not useful" : "Closed an alert as handled",
  },
  "alert.rerouted": {
    group: "Alerts and step-ins",
    label: "Alert rerouted",
    sentence: (_d, who) => {
      const to = who.at("to");
      return `Could not help and sent an alert on to ${to ?? "the next best-placed teammate"}`;
    },
  },
  "signal.sent": {
    group: "Alerts and step-ins",
    label: "Support signalled",
    sentence: (_d, who) => `Signalled support to ${who.receiver ?? who.at("to") ?? "the agent"}`,
  },
  "whisper.sent": {
    group: "Alerts and step-ins",
    label: "Whisper sent",
    sentence: (_d, who) => `Whispered a suggestion to ${who.receiver ?? who.at("to") ?? "the agent"}`,
  },
  "takeover.offered": {
    group: "Alerts and step-ins",
    label: "Takeover offered",
    sentence: (_d, who) => {
      const agent = who.receiver ?? who.at("to");
      return agent !== null
        ? `Offered to take over ${agent}’s conversation`
        : "Offered to take over a conversation";
    },
  },
  "takeover.accepted": {
    group: "Alerts and step-ins",
    label: "Takeover accepted",
    sentence: (_d, who) => `Accepted ${possessive(who.at("helperId") ?? who.sender)} offer to take over`,
  },
  "takeover.declined": {
    group: "Alerts and step-ins",
    label: "Takeover declined",
    sentence: (_d, who) => `Declined ${possessive(who.at("helperId") ?? who.sender)} offer to take over`,
  },
  "transfer.completed": {
    group: "Alerts and step-ins",
    label: "Warm transfer",
    sentence: (_d, who) => {
      const from = who.at("from");
      const to = who.at("to") ?? who.receiver;
      return `Handed a conversation${from !== null ? ` from ${from}` : ""} to ${to ?? "a teammate"} with a summary`;
    },
  },
  "escalation.raised": {
    group: "Alerts and step-ins",
    label: "Escalated",
    sentence: (d, who) => {
      const to = who.at("to") ?? who.receiver;
      return to !== null
        ? `Escalated a conversation to ${to}`
        : d["to"] === null
          ? "Escalated a conversation to the team’s queue (nobody to ask by name)"
          : "Escalated a conversation to a supervisor";
    },
  },
  "escalation.acknowledged": {
    group: "Alerts and step-ins",
    label: "Escalation taken",
    sentence: (_d, who) => `Took an escalation${who.sender !== null ? ` raised by ${who.sender}` : ""}`,
  },
  "hand.raised": {
    group: "Alerts and step-ins",
    label: "Hand raised",
    sentence: (_d, who) => {
      const to = who.at("to") ?? who.receiver;
      return `Raised a hand for help with their conversation${to !== null ? `: ${to} was asked` : ""}`;
    },
  },
  "alert.expired": {
    group: "Alerts and step-ins",
    label: "Alert expired",
    sentence: (d) =>
      str(d["why"]) === "conversation closed"
        ? "Ended an alert: its conversation closed"
        : "Expired an alert nobody acknowledged in time",
  },
  "escalation.advanced": {
    group: "Alerts and step-ins",
    label: "Escalation moved on",
    sentence: (d) => {
      const from = num(d["fromLevel"]);
      const to = num(d["toLevel"]);
      return `Moved an unacknowledged escalation to the next level${
        from !== null && to !== null ? ` (level ${from + 1} → ${to + 1})` : ""
      }`;
    },
  },
  "escalation.reassigned": {
    group: "Alerts and step-ins",
    label: "Escalation handed on",
    sentence: (d, who) => {
      const why = str(d["why"]);
      const to = str(d["toPersonId"]);
      const because = why !== null ? ` (${why})` : "";
      return to === null
        ? `Left an escalation to the team's queue: nobody else could be asked${because}`
        : `Asked ${who.at("toPersonId") ?? "someone else"} to take an escalation${because}`;
    },
  },
  "intervention.withdrawn": {
    group: "Alerts and step-ins",
    label: "Step-in withdrawn",
    sentence: (d) => {
      const kind = str(d["kind"]);
      const what = (kind !== null ? STEP_IN_KIND[kind] : undefined) ?? "step-in";
      const why = str(d["why"]);
      return `Withdrew a waiting ${what}: ${why === null || why === "conversation closed" ? "its conversation closed" : why}`;
    },
  },
  "conversation.unassigned": {
    group: "Conversations",
    label: "Conversation unassigned",
    sentence: (d) => {
      const why = str(d["why"]);
      return `Left a conversation for the next agent to take${why !== null ? ` (${why})` : ""}`;
    },
  },
  "conversation.reassigned": {
    group: "Conversations",
    label: "Conversation reassigned",
    sentence: (d) =>
      str(d["via"]) === "chatwoot"
        ? "Gave a conversation to another agent, as it was reassigned in Chatwoot"
        : "Gave a conversation to another agent",
  },
  "commitment.handed_over": {
    group: "Conversations",
    label: "Promise handed over",
    sentence: (d) => {
      const why = str(d["why"]);
      return `Handed an open promise to a customer over to a teammate${why !== null ? ` (${why})` : ""}`;
    },
  },
  "commitment.done": {
    group: "Conversations",
    label: "Promise kept",
    sentence: (_d, who) => `Marked ${promiseOf(who, "personId")} done`,
  },
  "commitment.cancelled": {
    group: "Conversations",
    label: "Promise cancelled",
    sentence: (_d, who) => `Cancelled ${promiseOf(who, "personId")} as no longer needed`,
  },
  "conversation.erased": {
    group: "Conversations",
    label: "Conversation erased",
    sentence: (d) => {
      const why = str(d["why"]);
      const messages = num(d["messages"]);
      return `Erased a conversation and everything recorded about it${
        messages !== null ? ` (${messages} message${messages === 1 ? "" : "s"})` : ""
      }${why === "retention" ? ", as the retention period ended" : why === "request" ? ", on request" : ""}`;
    },
  },
  "scorecard.reviewed": {
    group: "Conversations",
    label: "Scorecard reviewed",
    sentence: () => "Reviewed a QA scorecard",
  },
  "scorecard.review_withdrawn": {
    group: "Conversations",
    label: "Scorecard review withdrawn",
    sentence: () => "Took their review off a QA scorecard: it shows tagteam's scores again",
  },
  "scorecard.disputed": {
    group: "Conversations",
    label: "Score disputed",
    sentence: (d) => {
      const item = str(d["item"]);
      return item !== null
        ? `Disputed the ${item.replace(/_/g, " ")} score on their QA scorecard`
        : "Disputed their QA scorecard";
    },
  },
  "scorecard.dispute_resolved": {
    group: "Conversations",
    label: "Dispute resolved",
    sentence: (d) =>
      str(d["decision"]) === "changed" ? "Changed a disputed QA score" : "Upheld a disputed QA score",
  },
  "incident.opened": {
    group: "Incidents",
    label: "Incident opened",
    sentence: (d) => {
      const n = num(d["conversations"]);
      return `Opened a possible incident${n !== null ? ` (${n} conversations reporting it)` : ""}`;
    },
  },
  "incident.resolved": {
    group: "Incidents",
    label: "Incident resolved",
    sentence: () => "Resolved an incident",
  },
  "export.downloaded": {
    group: "Exports and deliveries",
    label: "Export downloaded",
    sentence: (d) => `Downloaded an export${exportWhat(d)}, personal data redacted`,
  },
  "export.unredacted_downloaded": {
    group: "Exports and deliveries",
    label: "Unredacted export downloaded",
    sentence: (d) => `Downloaded an UNREDACTED export${exportWhat(d)}`,
    notable: true,
  },
  "delivery.retried": {
    group: "Exports and deliveries",
    label: "Dead letter sent again",
    sentence: (d) =>
      `Sent a dead letter again${d["delivered"] === true ? ": delivered" : d["delivered"] === false ? ": it failed again" : ""}`,
  },
  "integration.updated": {
    group: "Exports and deliveries",
    label: "Integration changed",
    sentence: (d) => {
      const what = d["integration"] === "chatwoot" ? "Chatwoot" : "the reply webhook";
      const url = str(d["url"]);
      switch (d["change"]) {
        case "set":
          return `Set up ${what}${url !== null ? ` at ${url}` : ""}`;
        case "address_changed":
          return `Changed the address of ${what}${url !== null ? ` to ${url}` : ""}`;
        case "secret_rotated":
          return "Made a new signing secret for the reply webhook";
        case "removed":
          return `Removed the organisation’s own ${what === "Chatwoot" ? "Chatwoot" : "reply webhook"}`;
        default:
          return `Changed ${what}`;
      }
    },
  },
  "store.backed_up": {
    group: "Exports and deliveries",
    label: "Backup downloaded",
    sentence: (d) => {
      const bytes = num(d["bytes"]);
      return `Downloaded a backup of the whole database${
        bytes !== null ? ` (${(bytes / 1_048_576).toFixed(1)} MB)` : ""
      }`;
    },
    notable: true,
  },
  "retention.updated": {
    group: "Exports and deliveries",
    label: "Retention changed",
    sentence: (d) => {
      const period = (v: unknown): string =>
        v === null || v === undefined ? "the server's default" : v === 0 ? "for good" : `${String(v)} days`;
      return `Changed how long closed conversations are kept: from ${period(d["from"])} to ${period(d["to"])}`;
    },
    notable: true,
  },
  "skill_map.read": {
    group: "Skill maps and mentorship",
    label: "Skill map read",
    sentence: () => "Read someone else's skill map (private to the person and their leads)",
  },
  "agent_numbers.read": {
    group: "Skill maps and mentorship",
    label: "Agent's numbers read",
    sentence: () => "Read someone else's own numbers (private to the person and their leads)",
  },
  "pairing.agreed": {
    group: "Skill maps and mentorship",
    label: "Mentorship pairing agreed",
    sentence: (d) => {
      const skill = str(d["skill"]);
      const topic = str(d["topic"]);
      return `Agreed a mentorship pairing${skill !== null ? ` for ${skill.replaceAll("_", " ")}` : ""}${
        topic !== null ? ` in ${topic}` : ""
      }`;
    },
  },
  "pairing.ended": {
    group: "Skill maps and mentorship",
    label: "Mentorship pairing ended",
    sentence: () => "Ended a mentorship pairing",
  },
  "huddle.champion_named": {
    group: "Huddles",
    label: "Huddle champion named",
    sentence: (d) => {
      const pattern = str(d["pattern"]);
      return `Named a champion to write a procedure update${pattern !== null ? ` (${pattern.replace(/^[a-z]+:/, "").replaceAll("_", " ")})` : ""}`;
    },
  },
  "huddle.update_done": {
    group: "Huddles",
    label: "Procedure update written",
    sentence: () => "Marked a huddle's procedure update written",
  },
  "huddle.update_reopened": {
    group: "Huddles",
    label: "Procedure update reopened",
    sentence: () => "Opened a huddle's procedure update again",
  },
  "practice_scenario.created": {
    group: "Practice",
    label: "Practice scenario made",
    sentence: () => "Made a conversation into an anonymised practice scenario for the team",
  },
  "practice_scenario.removed": {
    group: "Practice",
    label: "Practice scenario removed",
    sentence: (d) => {
      const drills = num(d["drills"]);
      return `Removed a practice scenario${drills !== null && drills > 0 ? ` and the ${drills} drill${drills === 1 ? "" : "s"} played on it` : ""}`;
    },
  },
  "pulse.opened": {
    group: "Employee pulses",
    label: "Employee pulse opened",
    sentence: (d) => {
      const days = num(d["days"]);
      const invited = num(d["invited"]);
      return `Opened an anonymous employee pulse (eNPS)${days !== null ? ` for ${days} day${days === 1 ? "" : "s"}` : ""}${
        invited !== null ? `, asking ${invited} ${invited === 1 ? "person" : "people"}` : ""
      }`;
    },
  },
  "pulse.closed": {
    group: "Employee pulses",
    label: "Employee pulse closed early",
    sentence: (d) => {
      const answers = num(d["answers"]);
      return `Closed an employee pulse before its time${answers !== null ? ` (${answers} answered)` : ""}`;
    },
  },
};

/** "Ana Silva’s", or "a teammate’s" when not known. */
const possessive = (name: string | null): string => `${name ?? "a teammate"}’s`;

/** "their own promise…" (the actor's), "Ana Silva’s promise to a customer", or "a promise to a customer". */
const promiseOf = (who: Mentions, key: string): string => {
  if (who.isActor(key)) return "their own promise to a customer";
  const name = who.at(key);
  return name !== null ? `${name}’s promise to a customer` : "a promise to a customer";
};

/** An export's period bound as the admin reads it: "2026-01-05 00:00 UTC" (the server's instant, in UTC). */
function formatAuditTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function exportWhat(d: Details): string {
  const rows = num(d["rows"]);
  const format = str(d["format"]);
  const since = str(d["since"]);
  const until = str(d["until"]);
  const period =
    since !== null || until !== null
      ? `conversations started ${since !== null ? `from ${formatAuditTime(since)}` : ""}${since !== null && until !== null ? " " : ""}${until !== null ? `before ${formatAuditTime(until)}` : ""}`
      : null;
  const parts = [
    rows !== null ? `${rows} row${rows === 1 ? "" : "s"}` : null,
    format?.toUpperCase() ?? null,
    period,
  ];
  const shown = parts.filter((p): p is string => p !== null);
  return shown.length > 0 ? ` (${shown.join(", ")})` : "";
}

const isKnown = (action: string): action is AuditAction => Object.hasOwn(ACTIONS, action);

/** What the actor did, in a sentence; an unknown action is `null` (show its name instead). */
export function describeAction(
  entry: Pick<AuditEntry, "action" | "details"> & Partial<Pick<AuditEntry, "people" | "stepIn" | "actor">>,
): string | null {
  return isKnown(entry.action) ? ACTIONS[entry.action].sentence(entry.details, mentionsOf(entry)) : null;
}

export const isNotable = (action: string): boolean => isKnown(action) && ACTIONS[action].notable === true;

/** The filter's choices: per group, "all of them" (a prefix) when the group shares one, then each action. */
export function actionChoices(): { group: string; options: { value: string; label: string }[] }[] {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const [action, info] of Object.entries(ACTIONS)) {
    const options = groups.get(info.group) ?? [];
    options.push({ value: action, label: info.label });
    groups.set(info.group, options);
  }
  return [...groups].map(([group, options]) => {
    const prefixes = new Set(options.map((o) => `${o.value.split(".")[0]}.`));
    const [prefix] = prefixes;
    return {
      group,
      options:
        prefixes.size === 1 && prefix !== undefined && options.length > 1
          ? [{ value: prefix, label: `All: ${group.toLowerCase()}` }, ...options]
          : options,
    };
  });
}

/** The label of a filter value (an action or a prefix), for "no entries match …". */
export function actionChoiceLabel(value: string): string {
  for (const { options } of actionChoices()) {
    const found = options.find((o) => o.value === value);
    if (found !== undefined) return found.label;
  }
  return value;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago": how long ago, roughly, next to the exact time. */
export function relativeTime(iso: string, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 60) return `${d} day${d === 1 ? "" : "s"} ago`;
  const months = Math.round(d / 30);
  return `${months} months ago`;
}

/** The exact local time: "10:04" today, "12 Mar, 10:04" otherwise. */
export const exactTime = formatWhen;

/** A value of the details in a few characters: text as is (cut), lists and objects as JSON. */
function shortValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A moment as the server writes it (ISO 8601, UTC). */
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/**
 * The details in one line ("signedOutSessions: 2 · why: conversation closed"), at most `max` of them.
 * A person's id reads as their name; other ids (the step-in's, the alert's) say nothing to a reader
 * and are left to the full details below it.
 */
export function summarizeDetails(details: Details, max = 3, people: Record<string, string> = {}): string {
  const entries = Object.entries(details).flatMap(([k, v]): [string, unknown][] => {
    // A period of whole days: the first and the last day chosen. A filter ending Dec 7 asks for
    // everything before Dec 8, 00:00; it read "until: Dec 8, 12:00 AM".
    if ((k === "since" || k === "until") && typeof v === "string" && ISO_MOMENT.test(v)) {
      const day = wholeDay(v, k === "until");
      if (day !== null) return [[k === "since" ? "from" : "to", day]];
    }
    // A moment reads as one ("Sep 8, 12:20 PM"): a skill-map read's period said
    // "since: 2026-09-08T12:20:10.976Z".
    if (typeof v === "string" && ISO_MOMENT.test(v)) return [[k, formatWhen(v, Date.now())]];
    // A list of ids: the people's names, when every one is a person; other ids (a read's teams)
    // are left to the full details, as a single one is.
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string" && UUID.test(x))) {
      const names = v.map((x: string) => people[x]);
      return names.every((n) => n !== undefined)
        ? [[k === "personIds" ? "people" : k.replace(/(Person)?Ids$/, ""), names.join(", ")]]
        : [];
    }
    if (typeof v !== "string" || !UUID.test(v)) return [[k, v]];
    const name = people[v];
    return name !== undefined ? [[k.replace(/(Person)?Id$/, ""), name]] : [];
  });
  const shown = entries.slice(0, max).map(([k, v]) => `${k}: ${shortValue(v)}`);
  const more = entries.length - shown.length;
  return shown.join(" · ") + (more > 0 ? ` · +${more} more` : "");
}

/**
 * A period's bound that falls on a local midnight, as the day it names: "since" that day, or, for
 * "until" (the moment after the range), the day before it, the last one chosen. Otherwise `null`.
 */
function wholeDay(iso: string, isEnd: boolean): string | null {
  const at = new Date(iso);
  if (at.getHours() !== 0 || at.getMinutes() !== 0 || at.getSeconds() !== 0 || at.getMilliseconds() !== 0)
    return null;
  if (isEnd) at.setDate(at.getDate() - 1);
  const sameYear = at.getFullYear() === new Date().getFullYear();
  return at.toLocaleDateString([], {
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  });
}

/** What an id in the details names, for a reader: `alertId` is an alert, `interventionId` a step-in. */
const RECORD_NAME: Record<string, string> = {
  conversation: "conversation",
  alert: "alert",
  intervention: "step-in",
  fact: "knowledge fact",
  team: "team",
  person: "person",
  agent: "agent",
  scenario: "practice scenario",
  message: "message",
  pulse: "employee pulse",
  incident: "incident",
  dispute: "dispute",
  session: "sign-in session",
  commitment: "promise to a customer",
  insight: "knowledge draft",
  token: "API token",
  huddle: "huddle",
  pairing: "mentorship pairing",
  to: "person",
  from: "person",
  by: "person",
  fromEvent: "event",
};

/**
 * The Details cell when no detail reads as words: which records the entry names ("The alert and
 * step-in it is about; open for their ids"), or that nothing more was written down.
 */
export function detailsInWords(details: Details): string {
  const names: string[] = [];
  for (const key of Object.keys(details)) {
    const m = /^([a-z][A-Za-z]*?)(?:Person)?Ids?$/.exec(key);
    if (m === null) continue;
    const base = m[1] ?? "";
    const name =
      RECORD_NAME[base] ??
      base
        .replace(/([A-Z])/g, " $1")
        .toLowerCase()
        .trim();
    if (name !== "" && !names.includes(name)) names.push(name);
  }
  if (names.length === 0)
    return Object.keys(details).length === 0 ? "Nothing more was written down" : "Open for the details";
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `The ${list} it is about; open for the ids`;
}

export { dateRange } from "../../ui/DateRangeFields.tsx";
