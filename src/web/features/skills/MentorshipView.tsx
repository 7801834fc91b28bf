import { SKILLS, type Mentorship, type PairingSuggestion } from "../../../protocol/index.ts";
import { EmptyState } from "../../ui/Panel.tsx";
import { formatLevel, marginInWords } from "./SkillMapView.tsx";

const what = (s: { skill: PairingSuggestion["skill"]; topic: string | null }): string =>
  `${SKILLS[s.skill].label.toLowerCase()}${s.topic === null ? "" : ` in ${s.topic}`}`;

/**
 * A lead's mentorship view of one team: suggested pairings (a gap matched to a teammate strong
 * there, nobody given more than the load limit) to agree, and the pairings in force to end.
 */
export function MentorshipView({
  mentorship,
  busy,
  onAgree,
  onEnd,
}: {
  mentorship: Mentorship;
  busy: boolean;
  onAgree: (s: PairingSuggestion) => void;
  onEnd: (pairingId: string) => void;
}) {
  const inForce = mentorship.pairings.filter((p) => p.endedAt === null);
  return (
    <div className="stack">
      <h3 style={{ margin: 0 }}>Suggested</h3>
      {mentorship.suggestions.length === 0 ? (
        <EmptyState>
          No clear gap has a teammate strong in it yet (a gap or a strength needs{" "}
          {mentorship.rule.minConversations} conversations and a distance from the team of{" "}
          {marginInWords(mentorship.rule.margin)}).
        </EmptyState>
      ) : (
        <ul
          className="stack"
          style={{ margin: 0, padding: 0, listStyle: "none" }}
          aria-label="Suggested pairings"
        >
          {mentorship.suggestions.map((s) => (
            <li
              key={`${s.mentee.id}-${s.skill}-${s.topic ?? ""}`}
              className="row"
              style={{ gap: 10, alignItems: "start" }}
            >
              <div style={{ flex: 1 }}>
                <strong>{s.mentor.name}</strong> could help <strong>{s.mentee.name}</strong> with {what(s)}{" "}
                <span className="small muted">
                  ({formatLevel(s.skill, s.mentorLevel)} against {formatLevel(s.skill, s.menteeLevel)})
                </span>
                <div className="small">{s.reason}</div>
              </div>
              <button type="button" className="btn small primary" disabled={busy} onClick={() => onAgree(s)}>
                Agree pairing
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3 style={{ margin: 0 }}>In force</h3>
      {inForce.length === 0 ? (
        <EmptyState>No pairing agreed yet.</EmptyState>
      ) : (
        <ul
          className="stack"
          style={{ margin: 0, padding: 0, listStyle: "none" }}
          aria-label="Pairings in force"
        >
          {inForce.map((p) => (
            <li key={p.id} className="row" style={{ gap: 10, alignItems: "start" }}>
              <div style={{ flex: 1 }}>
                <strong>{p.mentor.name}</strong> helps <strong>{p.mentee.name}</strong> with {what(p)}
                {p.reason !== "" ? <div className="small muted">{p.reason}</div> : null}
              </div>
              <button
                type="button"
                className="btn small"
                disabled={busy}
                onClick={() => onEnd(p.id)}
                aria-label={`End: ${p.mentor.name} helps ${p.mentee.name} with ${what(p)}`}
              >
                End
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="small muted" style={{ margin: 0 }}>
        Each person's {mentorship.rule.suggestionsPerPerson} biggest gaps at most; nobody mentors more than{" "}
        {mentorship.rule.mentorLoadLimit} people at once. Both people see an agreed pairing on their skill
        map.
      </p>
    </div>
  );
}
