import { useSearchPatch } from "../../lib/useSearchPatch.ts";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Me, PairingSuggestion } from "../../../protocol/index.ts";
import { loadFailed, useAction, useTeams } from "../../lib/queries.ts";
import { useRealtimeEvents } from "../../realtime/RealtimeProvider.tsx";
import { DateRangeFields, dateRange } from "../../ui/DateRangeFields.tsx";
import { ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import { skillKeys, skillsApi, useMentorship, useSkillMap, useSkillPeople } from "./api.ts";
import { MentorshipView } from "./MentorshipView.tsx";
import { PersonField } from "./PersonField.tsx";
import { SkillMapView } from "./SkillMapView.tsx";

/**
 * The skill map: an agent sees their own; a lead picks one of their agents (the choice and the
 * period live in the URL, so a link shows the same map) and, below it, the team's mentorship.
 */
export function SkillsPage({ me }: { me: Me }) {
  const [params, set] = useSearchPatch();
  const client = useQueryClient();
  // A conversation scored or a scorecard reviewed changes the levels: read the map again.
  useRealtimeEvents((e) => {
    if (e.type.startsWith("scorecard.")) void client.invalidateQueries({ queryKey: skillKeys.all });
  });
  const lead = me.role !== "agent";
  const people = useSkillPeople();
  const others = (people.data ?? []).filter((p) => !p.self);
  // A lead's own map is rarely the one wanted: the first of their agents, else their own.
  const personId = lead ? (params.get("person") ?? others[0]?.id ?? me.id) : me.id;
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const period = dateRange(from, to);
  const map = useSkillMap(lead && people.isPending ? undefined : personId, period);
  const teams = useTeams();
  const ledTeams = (teams.data ?? []).filter((t) => me.role === "admin" || me.teamIds.includes(t.id));
  const teamId = lead ? (params.get("team") ?? ledTeams[0]?.id) : undefined;
  const mentorship = useMentorship(teamId, period);
  const [error, setError] = useState<string | null>(null);
  const agree = useAction(
    (s: PairingSuggestion, team: string) =>
      skillsApi.agree({
        teamId: team,
        mentorId: s.mentor.id,
        menteeId: s.mentee.id,
        skill: s.skill,
        topic: s.topic,
        reason: s.reason,
      }),
    [skillKeys.all],
  );
  const end = useAction((id: string) => skillsApi.end(id), [skillKeys.all]);
  return (
    <>
      <PageHeader
        title="Skill map"
        sub={
          lead
            ? "Each agent's strengths and gaps from their conversations, against the team's own level. Private to the agent and their leads; your reads are in the audit log."
            : "Your strengths and gaps from your conversations, against your team's level. Only you and your team's leads see it."
        }
      />
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      <Panel flush>
        <form
          className="filters"
          style={{ padding: "12px 14px" }}
          aria-label="Whose skill map, and when"
          onSubmit={(e) => e.preventDefault()}
        >
          {lead ? (
            <PersonField people={people.data ?? []} value={personId} onChange={(person) => set({ person })} />
          ) : null}
          <DateRangeFields
            from={from}
            to={to}
            fromLabel="From"
            toLabel="To"
            onChange={(patch) => set(patch)}
          />
          {from === "" && to === "" ? <span className="small muted">The last 90 days</span> : null}
        </form>
      </Panel>
      {loadFailed(people) ? <ErrorNotice error={people.error} /> : null}
      {loadFailed(map) ? (
        <ErrorNotice error={map.error} />
      ) : map.data === undefined ? (
        <div className="empty">Loading…</div>
      ) : (
        <SkillMapView map={map.data} />
      )}
      {lead && teamId !== undefined ? (
        <Panel
          title="Team mentorship"
          actions={
            ledTeams.length > 1 ? (
              <label className="field" style={{ flexDirection: "row", alignItems: "center", gap: 6 }}>
                <span>Team</span>
                <select className="select" value={teamId} onChange={(e) => set({ team: e.target.value })}>
                  {ledTeams.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : undefined
          }
        >
          {loadFailed(mentorship) ? (
            <ErrorNotice error={mentorship.error} />
          ) : mentorship.data === undefined ? (
            <div className="empty">Loading…</div>
          ) : (
            <MentorshipView
              mentorship={mentorship.data}
              busy={agree.isPending || end.isPending}
              onAgree={(s) => {
                setError(null);
                agree.mutateAsync([s, teamId]).catch((e: unknown) => setError(describeError(e)));
              }}
              onEnd={(id) => {
                setError(null);
                end.mutateAsync([id]).catch((e: unknown) => setError(describeError(e)));
              }}
            />
          )}
        </Panel>
      ) : null}
    </>
  );
}
