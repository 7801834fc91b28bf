import { useEffect, useState, type KeyboardEvent } from "react";
import { teamLabel } from "../../lib/format.ts";
import { useLocation } from "wouter";
import type { SignInLink } from "../../../protocol/http.ts";
import type { Person, Team } from "../../../protocol/resources.ts";
import { apiClient } from "../../lib/api.ts";
import { ApiError } from "../../lib/http.ts";
import {
  DELIVERIES_REFRESH_MS,
  loadFailed,
  queryKeys,
  useAction,
  useDeliveries,
  useEngineSettings,
  useEscalationProtocol,
  useFacts,
  useMe,
  usePeople,
  useRetryDelivery,
  useTeams,
  useAuditLog,
  useTokens,
} from "../../lib/queries.ts";
import type { DeliveryFailure } from "../../../protocol/deliveries.ts";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import {
  AuditLog,
  isRangeInverted,
  NO_AUDIT_FILTERS,
  toAuditFilters,
  type AuditLogFilterState,
} from "./AuditLog.tsx";
import { BackupAdmin } from "./BackupAdmin.tsx";
import { ChatwootSetup } from "./ChatwootSetup.tsx";
import {
  IntegrationSettingsAdmin,
  chatwootOutletOf,
  useIntegrationSettings,
} from "./IntegrationSettingsAdmin.tsx";
import { IntegrationsAdmin, type RetryResult } from "./IntegrationsAdmin.tsx";
import { KnowledgeAdmin } from "./KnowledgeAdmin.tsx";
import { PeopleAdmin } from "./PeopleAdmin.tsx";
import { ProtocolAdmin } from "./ProtocolAdmin.tsx";
import { RetentionAdmin } from "./RetentionAdmin.tsx";
import { TeamsAdmin, TopicsAdmin } from "./TeamsAdmin.tsx";
import { OrganisationName } from "./OrganisationName.tsx";
import { ThresholdsAdmin, type FieldErrors } from "./ThresholdsAdmin.tsx";
import { TokensAdmin } from "./TokensAdmin.tsx";
import { TeamOptions } from "./TeamOptions.tsx";

export const ADMIN_TABS = [
  { id: "people", label: "People" },
  { id: "teams", label: "Teams" },
  { id: "topics", label: "Topics" },
  { id: "protocol", label: "Escalation protocol" },
  { id: "thresholds", label: "Thresholds" },
  { id: "knowledge", label: "Knowledge" },
  { id: "tokens", label: "API tokens" },
  { id: "integrations", label: "Integrations" },
  { id: "audit", label: "Audit log" },
  { id: "retention", label: "Retention" },
  { id: "backup", label: "Backup" },
] as const;
type TabId = (typeof ADMIN_TABS)[number]["id"];

/** A team's name and its count of active leads, once both lists are in. */
function protocolTeamInfo(
  teamId: string,
  teams: readonly Team[] | undefined,
  people: readonly Person[] | undefined,
): { name: string; leads: number } | undefined {
  const team = teams?.find((t) => t.id === teamId);
  if (team === undefined || people === undefined) return undefined;
  const leads = people.filter((p) => p.role === "lead" && p.active && p.teamIds.includes(teamId)).length;
  return { name: teamLabel(team), leads };
}

/** The team whose protocol or thresholds the tab shows. */
function TeamSelect({
  teams,
  value,
  onChange,
}: {
  teams: readonly Team[];
  value: string | undefined;
  onChange: (teamId: string) => void;
}) {
  return (
    <label className="field" style={{ maxWidth: 280 }}>
      <span>Team</span>
      <select className="select" value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        <TeamOptions teams={teams} />
      </select>
    </label>
  );
}

/** Administration, one tab per concern; the tab is part of the URL so it can be linked. */
export function AdminPage({ tab }: { tab: string | undefined }) {
  const [, navigate] = useLocation();
  const current: TabId = ADMIN_TABS.some((t) => t.id === tab) ? (tab as TabId) : "people";
  const [error, setError] = useState<string | null>(null);
  /** Why the Add a person / Add a team form was refused: shown in that form, beside its fields. */
  const [formError, setFormError] = useState<{ form: "person" | "team"; text: string } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const teams = useTeams();
  const people = usePeople();
  const me = useMe();
  const facts = useFacts();
  const tokens = useTokens();
  const [protocolTeam, setProtocolTeam] = useState<string | undefined>(undefined);
  const teamForProtocol = protocolTeam ?? teams.data?.[0]?.id;
  const protocol = useEscalationProtocol(current === "protocol" ? teamForProtocol : undefined);
  const engineSettings = useEngineSettings(current === "thresholds" ? teamForProtocol : undefined);
  const deliveries = useDeliveries(current === "integrations");
  const integrationSettings = useIntegrationSettings(current === "integrations");
  const retryDelivery = useRetryDelivery();
  const [auditFilters, setAuditFilters] = useState<AuditLogFilterState>(NO_AUDIT_FILTERS);
  const audit = useAuditLog(
    toAuditFilters(auditFilters),
    current === "audit" && !isRangeInverted(auditFilters),
  );
  /** Sends a dead letter again; what came of it, with the API's refusal in words. */
  const sendAgain = async (d: DeliveryFailure): Promise<RetryResult> => {
    try {
      const r = await retryDelivery.mutateAsync(d.id);
      return r.delivered
        ? { kind: "delivered", outcome: r.outcome ?? "sent" }
        : { kind: "failed", error: r.error ?? "it failed again", deadLetter: r.deadLetter };
    } catch (e) {
      if (e instanceof ApiError && e.code === "NOT_FOUND")
        return { kind: "refused", message: "it is no longer a dead letter (sent again from elsewhere?)." };
      return { kind: "refused", message: describeError(e) };
    }
  };

  /** The team whose protocol was just saved, to say so (the form itself starts afresh). */
  const [protocolSaved, setProtocolSaved] = useState<string | null>(null);
  /** The team whose thresholds were just saved, likewise. */
  const [thresholdsSaved, setThresholdsSaved] = useState<string | null>(null);
  /**
   * Runs a request; a refusal is said above the tab, or, for an add form's request (`form`), in
   * that form.
   */
  const wrap = async (p: Promise<unknown>, form?: "person" | "team"): Promise<boolean> => {
    setError(null);
    setFormError(null);
    try {
      await p;
      return true;
    } catch (e) {
      if (form === undefined) setError(describeError(e));
      else setFormError({ form, text: describeError(e) });
      return false;
    }
  };
  const update = useAction(apiClient.updatePerson, [queryKeys.people]);
  const createPerson = useAction(apiClient.createPerson, [queryKeys.people]);
  const setPassword = useAction(apiClient.setPassword, []);
  const signInLink = useAction(apiClient.signInLink, []);
  const createTeam = useAction(apiClient.createTeam, [queryKeys.teams]);
  const renameTeam = useAction(apiClient.renameTeam, [queryKeys.teams]);
  const renameOrganisation = useAction(apiClient.renameOrganisation, [queryKeys.me]);
  const createFact = useAction(apiClient.createFact, [queryKeys.facts]);
  const updateFact = useAction(apiClient.updateFact, [queryKeys.facts]);
  const deleteFact = useAction(apiClient.deleteFact, [queryKeys.facts]);
  const saveProtocol = useAction(apiClient.saveEscalationProtocol, [queryKeys.protocol]);
  const saveEngineSettings = useAction(apiClient.saveEngineSettings, [
    queryKeys.engineSettings,
    queryKeys.teams,
  ]);
  const createToken = useAction(apiClient.createToken, [queryKeys.tokens]);
  /** Saves thresholds; the engine's problems come back keyed by field ("thresholds.frustrationHigh"). */
  const saveThresholds = async (
    teamId: string,
    overrides: Parameters<typeof apiClient.saveEngineSettings>[1],
  ) => {
    setError(null);
    setThresholdsSaved(null);
    try {
      await saveEngineSettings.mutateAsync([teamId, overrides]);
      setThresholdsSaved(teamId);
      return {};
    } catch (e) {
      const issues = e instanceof ApiError ? e.details?.["issues"] : undefined;
      if (!Array.isArray(issues) || issues.length === 0) {
        setError(describeError(e));
        return { "": describeError(e) };
      }
      const fields: FieldErrors = {};
      for (const issue of issues as { path?: unknown[]; message?: string }[]) {
        const key = Array.isArray(issue.path) ? issue.path.slice(2).join(".") : "";
        fields[key] = fields[key] ? `${fields[key]}; ${issue.message ?? ""}` : (issue.message ?? "invalid");
      }
      return fields;
    }
  };
  const revokeToken = useAction(apiClient.revokeToken, [queryKeys.tokens]);
  const busy = [
    update,
    createPerson,
    setPassword,
    signInLink,
    createTeam,
    renameTeam,
    createFact,
    updateFact,
    deleteFact,
    saveProtocol,
    createToken,
    revokeToken,
  ].some((m) => m.isPending);
  // A refresh that failed (the server restarting) keeps the tabs as they were, under the offline banner.
  const loadError = loadFailed(teams) ? teams.error : loadFailed(people) ? people.error : null;
  // Where the tab row scrolls sideways (1200 px and less), the chosen tab is brought into it: a link
  // to /admin/backup opened with "Backup" out of sight past the row's end.
  useEffect(() => {
    document.getElementById(`admin-tab-${current}`)?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [current]);
  // Left and Right (wrapping), Home and End choose a tab and keep the focus on it.
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = ADMIN_TABS.findIndex((t) => t.id === current);
    const n = ADMIN_TABS.length;
    const to =
      e.key === "ArrowRight"
        ? (at + 1) % n
        : e.key === "ArrowLeft"
          ? (at - 1 + n) % n
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? n - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    const next = ADMIN_TABS[to];
    if (next === undefined) return;
    navigate(`/admin/${next.id}`);
    document.getElementById(`admin-tab-${next.id}`)?.focus();
  };

  return (
    <>
      <PageHeader
        title="Admin"
        sub="People, teams and topics; the escalation protocol and when alerts are raised; the knowledge base; API tokens; integrations; the audit log; retention and backups."
      />
      <div className="tabs" role="tablist" aria-label="Admin sections" onKeyDown={onTabKey}>
        {ADMIN_TABS.map((t) => (
          <button
            key={t.id}
            id={`admin-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === current}
            aria-controls="admin-panel"
            // One Tab stop for the row; the arrow keys move between tabs (the ARIA tabs pattern).
            tabIndex={t.id === current ? 0 : -1}
            onClick={() => navigate(`/admin/${t.id}`)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {loadError !== null ? <ErrorNotice error={loadError} /> : null}
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      <div id="admin-panel" role="tabpanel" aria-labelledby={`admin-tab-${current}`}>
        <Panel flush>
          {current === "people" ? (
            <PeopleAdmin
              people={people.data ?? []}
              teams={teams.data ?? []}
              busy={busy}
              onUpdate={(id, patch) => void wrap(update.mutateAsync([id, patch]))}
              onCreate={async (p) => {
                let created: { signInLink?: SignInLink } = {};
                const ok = await wrap(
                  createPerson.mutateAsync([p]).then((r) => (created = r)),
                  "person",
                );
                return ok ? created : false;
              }}
              createError={formError?.form === "person" ? formError.text : null}
              meId={me.data?.id ?? null}
              onSetPassword={(id, password) => wrap(setPassword.mutateAsync([id, password]))}
              onSignInLink={async (id) => {
                let link: SignInLink | null = null;
                await wrap(signInLink.mutateAsync([id]).then((r) => (link = r.signInLink)));
                return link;
              }}
              onSetActive={(id, active) => wrap(update.mutateAsync([id, { active }]))}
            />
          ) : current === "teams" ? (
            <>
              {me.data ? (
                <OrganisationName
                  name={me.data.orgName}
                  busy={busy}
                  onRename={(name) => wrap(renameOrganisation.mutateAsync([name]))}
                />
              ) : null}
              <TeamsAdmin
                teams={teams.data ?? []}
                people={people.data ?? []}
                busy={busy}
                onCreate={(name) => wrap(createTeam.mutateAsync([name]), "team")}
                createError={formError?.form === "team" ? formError.text : null}
                onRename={(id, name) => wrap(renameTeam.mutateAsync([id, name]))}
              />
            </>
          ) : current === "topics" ? (
            <TopicsAdmin people={people.data ?? []} facts={facts.data ?? []} />
          ) : current === "protocol" ? (
            <div className="panel-body stack">
              <TeamSelect teams={teams.data ?? []} value={teamForProtocol} onChange={setProtocolTeam} />
              {loadFailed(protocol) ? <ErrorNotice error={protocol.error} /> : null}
              {protocol.data && teamForProtocol ? (
                <ProtocolAdmin
                  key={`${teamForProtocol}-${protocol.data.updatedAt}`}
                  protocol={protocol.data}
                  people={(people.data ?? []).filter((p) => p.role !== "agent" && p.active)}
                  team={protocolTeamInfo(teamForProtocol, teams.data, people.data)}
                  busy={busy}
                  onSave={(next) => {
                    setProtocolSaved(null);
                    void wrap(saveProtocol.mutateAsync([teamForProtocol, next])).then((ok) => {
                      if (ok) setProtocolSaved(teamForProtocol);
                    });
                  }}
                />
              ) : null}
              {protocolSaved !== null && protocolSaved === teamForProtocol ? (
                <div className="notice" role="status">
                  Saved. Escalations from now on follow this protocol.
                </div>
              ) : null}
            </div>
          ) : current === "thresholds" ? (
            <div className="panel-body stack">
              <TeamSelect teams={teams.data ?? []} value={teamForProtocol} onChange={setProtocolTeam} />
              {loadFailed(engineSettings) ? <ErrorNotice error={engineSettings.error} /> : null}
              {engineSettings.data && teamForProtocol ? (
                <ThresholdsAdmin
                  key={`${teamForProtocol}-${engineSettings.data.updatedAt ?? "default"}`}
                  settings={engineSettings.data}
                  busy={busy}
                  onSave={(overrides) => saveThresholds(teamForProtocol, overrides)}
                  justSaved={thresholdsSaved === teamForProtocol}
                />
              ) : null}
            </div>
          ) : current === "knowledge" ? (
            <KnowledgeAdmin
              facts={facts.data ?? []}
              teams={teams.data ?? []}
              busy={busy}
              onCreate={(f) => wrap(createFact.mutateAsync([f]))}
              onUpdate={(id, changes) => wrap(updateFact.mutateAsync([id, changes]))}
              onDelete={(id) => wrap(deleteFact.mutateAsync([id]))}
            />
          ) : current === "audit" ? (
            <AuditLog
              entries={audit.data?.pages.flatMap((p) => p.entries) ?? []}
              people={people.data ?? []}
              filters={auditFilters}
              onFiltersChange={setAuditFilters}
              loading={audit.isPending}
              error={loadFailed(audit) ? audit.error : null}
              hasOlder={audit.hasNextPage}
              loadingOlder={audit.isFetchingNextPage}
              onLoadOlder={() => void audit.fetchNextPage()}
              refreshing={audit.isFetching}
              onRefresh={() => void audit.refetch()}
            />
          ) : current === "backup" ? (
            <BackupAdmin />
          ) : current === "retention" ? (
            <RetentionAdmin />
          ) : current === "integrations" ? (
            loadFailed(deliveries) ? (
              <div className="panel-body">
                <ErrorNotice error={deliveries.error} />
              </div>
            ) : deliveries.data === undefined ? (
              <EmptyState>Loading…</EmptyState>
            ) : (
              <>
                {deliveries.isError ? (
                  <div className="panel-body">
                    <div className="notice error" role="alert">
                      Could not refresh (showing what was last fetched): {describeError(deliveries.error)}
                    </div>
                  </div>
                ) : null}
                <IntegrationsAdmin
                  overview={deliveries.data}
                  teams={teams.data ?? []}
                  updatedAtMs={deliveries.dataUpdatedAt}
                  refreshMs={DELIVERIES_REFRESH_MS}
                  onRetry={sendAgain}
                />
                <IntegrationSettingsAdmin />
                <ChatwootSetup
                  teams={teams.data ?? []}
                  people={people.data ?? []}
                  origin={window.location.origin}
                  outlet={chatwootOutletOf(integrationSettings.data)}
                  onCreateToken={async (name) => (await createToken.mutateAsync([name, ["ingest"]])).secret}
                />
              </>
            )
          ) : (
            <TokensAdmin
              tokens={tokens.data ?? []}
              people={people.data ?? []}
              teams={teams.data ?? []}
              newSecret={secret}
              busy={busy}
              onCreate={(name, scopes) =>
                void createToken
                  .mutateAsync([name, scopes])
                  .then((r) => setSecret(r.secret))
                  .catch((e: unknown) => setError(describeError(e)))
              }
              onRevoke={(id) => void wrap(revokeToken.mutateAsync([id]))}
            />
          )}
        </Panel>
      </div>
    </>
  );
}
