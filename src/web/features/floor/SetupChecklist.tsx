import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link } from "wouter";
import { API_BASE_PATH, type SetupProgress, type SetupStepKey } from "../../../protocol/index.ts";
import { getJson } from "../../lib/http.ts";

export const setupProgressKey = ["admin-setup"] as const;

const hiddenKey = (personId: string): string => `tagteam.setup.hidden.${personId}`;

function readHidden(personId: string): boolean {
  try {
    return window.localStorage.getItem(hiddenKey(personId)) === "1";
  } catch {
    return false;
  }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** What each step asks of the admin, where it is done, and what has been done so far. */
export function describeSetupStep(
  key: SetupStepKey,
  p: SetupProgress,
): { title: string; detail: ReactNode; progress: string | null } {
  switch (key) {
    case "team":
      return {
        title: "Create a team",
        detail: (
          <>
            Each team has its own floor, chat widget and escalation protocol.{" "}
            <Link href="/admin/teams">Teams</Link>
          </>
        ),
        progress: p.teams > 0 ? plural(p.teams, "team") : null,
      };
    case "people":
      return {
        title: "Add your agents and leads",
        detail: (
          <>
            Give each person a role and a team; tagteam gives you a sign-in link to send them, with which they
            choose their own password. <Link href="/admin/people">People</Link>
          </>
        ),
        progress:
          p.agentsInTeams + p.leadsInTeams === 0
            ? null
            : p.leadsInTeams === 0
              ? `${plural(p.agentsInTeams, "agent")} and no lead in teams: escalations go straight to the admins`
              : `${plural(p.agentsInTeams, "agent")} and ${plural(p.leadsInTeams, "lead")} in teams`,
      };
    case "conversations":
      return {
        title: "Bring in your conversations",
        detail: (
          <>
            Paste a team&rsquo;s chat widget snippet into your site (<Link href="/admin/teams">Teams</Link>),
            connect your helpdesk with an API token (<Link href="/admin/tokens">API tokens</Link>), or import
            past transcripts (<Link href="/exports">Import &amp; export</Link>).
          </>
        ),
        progress: p.hasConversations
          ? "conversations are arriving"
          : p.activeTokens > 0
            ? `${plural(p.activeTokens, "API token")} made; no conversation yet`
            : null,
      };
    case "knowledge":
      return {
        title: "Publish the facts agents must get right",
        detail: (
          <>
            Return windows, prices, delivery times: tagteam tells a teammate when an agent says something
            different. <Link href="/admin/knowledge">Knowledge</Link>
          </>
        ),
        progress: p.publishedFacts > 0 ? `${plural(p.publishedFacts, "fact")} published` : null,
      };
    case "protocol":
      return {
        title: "Set each team's escalation protocol",
        detail: (
          <>
            Who is called, in what order, when a customer needs someone with more authority. Until you save
            one, a team uses the default. <Link href="/admin/protocol">Escalation protocol</Link>
          </>
        ),
        progress:
          p.teams === 0
            ? null
            : p.teamsOnDefaultProtocol === 0
              ? "every team has its own"
              : `${plural(p.teamsOnDefaultProtocol, "team")} still on the default`,
      };
  }
}

/**
 * The admin's getting-started list, above the floor until every step is done (or they hide it):
 * each step ticked from what is stored, with a link to where it is done.
 */
export function SetupChecklist({ personId }: { personId: string }) {
  const [hidden, setHidden] = useState(() => readHidden(personId));
  const progress = useQuery({
    queryKey: setupProgressKey,
    queryFn: () => getJson<SetupProgress>(`${API_BASE_PATH}/admin/setup`),
    // Steps are done on other pages: look again each time the floor opens.
    refetchOnMount: "always",
  });
  if (hidden || progress.data === undefined || progress.data.complete) return null;
  const p = progress.data;
  const done = p.steps.filter((s) => s.done).length;
  const hide = () => {
    try {
      window.localStorage.setItem(hiddenKey(personId), "1");
    } catch {
      // Private mode without storage: hidden for this visit only.
    }
    setHidden(true);
  };
  return (
    <section className="panel setup" aria-labelledby="setup-title">
      <div className="panel-head">
        <h2 id="setup-title">
          Get tagteam ready for your team{" "}
          <span className="muted small">
            {done} of {p.steps.length} done
          </span>
        </h2>
        <button
          type="button"
          className="btn ghost small"
          onClick={hide}
          aria-label="Hide the getting-started list"
        >
          Hide
        </button>
      </div>
      <ol className="setup-steps">
        {p.steps.map((step) => {
          const d = describeSetupStep(step.key, p);
          return (
            <li key={step.key} className={step.done ? "done" : undefined}>
              <span className="setup-mark" aria-hidden="true">
                {step.done ? "✓" : ""}
              </span>
              <div>
                <div className="setup-title">
                  {d.title}
                  <span className="visually-hidden">{step.done ? " (done)" : " (to do)"}</span>
                  {d.progress !== null ? <span className="muted small"> · {d.progress}</span> : null}
                </div>
                <div className="small muted">{d.detail}</div>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
