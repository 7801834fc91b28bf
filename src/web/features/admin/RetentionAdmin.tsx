import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  API_BASE_PATH,
  RETENTION_MAX_DAYS,
  type Retention,
  type UpdateRetentionBody,
} from "../../../protocol/index.ts";
import { getJson, putJson } from "../../lib/http.ts";
import { loadFailed } from "../../lib/queries.ts";
import { ErrorNotice } from "../../ui/Panel.tsx";

const retentionKey = ["admin-retention"] as const;

type Choice = "default" | "forever" | "days";

const describePeriod = (days: number): string =>
  days === 0 ? "kept for good" : `erased ${days} day${days === 1 ? "" : "s"} after they close`;

/**
 * Admin → Retention: how long closed conversations are kept, with everything recorded about them.
 * The organisation's own period, keeping them for good, or the server's default; the sweeper erases
 * what is past it, a batch at a time, and the audit log records each erasure.
 */
export function RetentionAdmin() {
  const client = useQueryClient();
  const current = useQuery({
    queryKey: retentionKey,
    queryFn: () => getJson<Retention>(`${API_BASE_PATH}/admin/retention`),
  });
  const save = useMutation({
    mutationFn: (body: UpdateRetentionBody) => putJson<Retention>(`${API_BASE_PATH}/admin/retention`, body),
    onSuccess: (saved) => client.setQueryData(retentionKey, saved),
  });
  if (loadFailed(current))
    return (
      <div className="panel-body">
        <ErrorNotice error={current.error} />
      </div>
    );
  if (current.data === undefined) return <div className="empty">Loading…</div>;
  return <RetentionForm key={String(current.data.retentionDays)} current={current.data} save={save} />;
}

function RetentionForm({
  current,
  save,
}: {
  current: Retention;
  save: {
    mutate: (body: UpdateRetentionBody) => void;
    isPending: boolean;
    isError: boolean;
    isSuccess: boolean;
    error: unknown;
  };
}) {
  const initial: Choice =
    current.retentionDays === null ? "default" : current.retentionDays === 0 ? "forever" : "days";
  const [choice, setChoice] = useState<Choice>(initial);
  const [days, setDays] = useState(
    String(current.retentionDays !== null && current.retentionDays > 0 ? current.retentionDays : 365),
  );
  const n = Number(days);
  const daysValid = /^\d+$/.test(days.trim()) && n >= 1 && n <= RETENTION_MAX_DAYS;
  const body: UpdateRetentionBody = {
    retentionDays: choice === "default" ? null : choice === "forever" ? 0 : n,
  };
  return (
    <form
      className="panel-body stack"
      aria-label="Retention"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice === "days" && !daysValid) return;
        save.mutate(body);
      }}
    >
      <p style={{ margin: 0 }}>
        Closed conversations are now <strong>{describePeriod(current.effectiveDays)}</strong>
        {current.retentionDays === null ? " (the server's default)" : ""}. Erasing one removes its messages,
        the engine&apos;s readings, alerts, step-ins, debriefs, scorecards and follow-ups, and its customer
        when they have no other conversation; the audit log keeps a line saying when and why, without the
        text. Teammates&apos; journal entries and feedback about it, and the team&apos;s insights, stay
        theirs, without the customer&apos;s name, e-mail, phone, card or address. Open conversations are never
        erased.
      </p>
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="small muted">Keep closed conversations</legend>
        <label className="row">
          <input
            type="radio"
            name="retention"
            checked={choice === "days"}
            onChange={() => setChoice("days")}
          />
          for
          <input
            className="input"
            type="number"
            min={1}
            max={RETENTION_MAX_DAYS}
            step={1}
            style={{ width: 100 }}
            aria-label="Days to keep closed conversations"
            aria-invalid={choice === "days" && !daysValid}
            value={days}
            onFocus={() => setChoice("days")}
            onChange={(e) => setDays(e.target.value)}
          />
          days after they close
        </label>
        <label className="row">
          <input
            type="radio"
            name="retention"
            checked={choice === "forever"}
            onChange={() => setChoice("forever")}
          />
          for good
        </label>
        <label className="row">
          <input
            type="radio"
            name="retention"
            checked={choice === "default"}
            onChange={() => setChoice("default")}
          />
          as the server says ({describePeriod(current.serverDefaultDays)}; <code>TAGTEAM_RETENTION_DAYS</code>
          )
        </label>
      </fieldset>
      {choice === "days" && !daysValid ? (
        <div className="notice error" role="alert">
          Days must be a whole number from 1 to {RETENTION_MAX_DAYS}.
        </div>
      ) : null}
      <p className="small muted" style={{ margin: 0 }}>
        The live event log behind realtime updates and integrations keeps {current.eventRetentionDays} days (
        <code>TAGTEAM_EVENT_RETENTION_DAYS</code>).
      </p>
      <div className="row">
        <button
          type="submit"
          className="btn primary"
          disabled={save.isPending || (choice === "days" && !daysValid)}
        >
          Save retention
        </button>
        {save.isSuccess ? (
          <span role="status" className="small">
            Saved.
          </span>
        ) : null}
      </div>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
    </form>
  );
}
