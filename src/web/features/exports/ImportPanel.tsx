import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { Link } from "wouter";
import type { Team } from "../../../protocol/resources.ts";
import { ApiError } from "../../lib/http.ts";
import {
  DEFAULT_BATCH_LIMITS,
  MAX_CONVERSATION_BYTES,
  NO_TOTALS,
  conflictingLines,
  describeDiffering,
  planBatches,
  sendBatches,
  type Batch,
  type BatchLimits,
  type ImportTotals,
  type SendBatch,
} from "../../../protocol/importBatches.ts";
import {
  describePlace,
  formatBytes,
  type CheckResult,
  type FileProblem,
} from "../../../protocol/transcriptFile.ts";
import {
  CSV_FIELDS,
  CSV_FIELD_LABELS,
  CsvTranscriptReader,
  REQUIRED_CSV_FIELDS,
  isCsvFileName,
  mapCsvColumns,
  parseRoleChoices,
  type CsvColumnMap,
  type CsvRoleChoices,
  type CsvField,
  type CsvHeader,
} from "../../../protocol/csvTranscript.ts";
import { Panel } from "../../ui/Panel.tsx";
import {
  DEFAULT_IDLE_CLOSE_MS,
  checkTranscriptFile,
  countByAge,
  readCsvFileHeader,
  type CheckProgress,
} from "./transcriptFile.ts";

/*
 * Import transcripts from a file: pick a team and a file; the file is checked here, in the
 * browser, before anything is sent (every problem listed with where it is); then the conversations
 * go to POST /import in batches, one after another, with progress, a Cancel that stops after the
 * current batch, a retry from a failed batch, and a summary. The API comes in as `importBatch`.
 */

interface FileInfo {
  name: string;
  size: number;
}

/** A CSV file, its header, and the column chosen for each field (by index, or none). */
interface CsvSetup {
  picked: Blob;
  header: CsvHeader;
  columns: CsvColumnMap;
  /** The file's own role values, as typed: "User=agent, Contact=customer" (parseRoleChoices). */
  roles?: string;
}

/** The typed role values, or what is wrong with them. */
const rolesOf = (csv: CsvSetup): CsvRoleChoices | { error: string } => parseRoleChoices(csv.roles ?? "");

interface Run {
  file: FileInfo;
  result: CheckResult;
  teamId: string;
  teamName: string;
  batches: Batch[];
  /** Conversations to send (all of `batches`). */
  total: number;
  /** Batches stored so far (they are sent in order). */
  sent: number;
  totals: ImportTotals;
}

type Phase =
  | { kind: "idle" }
  | { kind: "checking"; file: FileInfo; progress: CheckProgress }
  | { kind: "unreadable"; file: FileInfo; message: string }
  | { kind: "mapping"; file: FileInfo; csv: CsvSetup }
  | { kind: "checked"; file: FileInfo; result: CheckResult; csv?: CsvSetup }
  | ({ kind: "sending"; stopping: boolean } & Run)
  | ({ kind: "stopped" } & Run)
  | ({ kind: "failed"; error: unknown } & Run)
  | ({ kind: "done" } & Run);

const runOf = ({ file, result, teamId, teamName, batches, total, sent, totals }: Run): Run => ({
  file,
  result,
  teamId,
  teamName,
  batches,
  total,
  sent,
  totals,
});

const n = (value: number) => value.toLocaleString("en-US");
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;
const SHAPE_LABEL = { jsonl: "JSONL", array: "JSON array", object: "one JSON object", csv: "CSV" } as const;
const SEPARATOR_LABEL = { ",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars" } as const;

export function ImportPanel({
  teams,
  importBatch,
  batchLimits = DEFAULT_BATCH_LIMITS,
  chunkBytes,
  now = Date.now,
}: {
  /** The teams I may post into (GET /teams answers exactly those). */
  teams: Team[];
  importBatch: SendBatch;
  batchLimits?: BatchLimits;
  /** How much of the file is read and checked at a time. */
  chunkBytes?: number;
  now?: () => number;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [teamId, setTeamId] = useState(teams.length === 1 ? (teams[0]?.id ?? "") : "");
  const checkAbort = useRef<AbortController | null>(null);
  const stopRequested = useRef(false);
  const gone = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);

  // With only one team to choose, it is chosen (teams may load after the first render).
  useEffect(() => {
    if (teamId === "" && teams.length === 1) setTeamId(teams[0]?.id ?? "");
  }, [teams, teamId]);

  // Leaving the page stops reading, and stops sending after the current batch.
  useEffect(() => {
    gone.current = false;
    return () => {
      gone.current = true;
      checkAbort.current?.abort();
    };
  }, []);

  // Closing the tab mid-import asks first (what was sent stays; the rest would not be).
  const sending = phase.kind === "sending";
  useEffect(() => {
    if (!sending) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [sending]);

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    if (picked === undefined) return;
    checkAbort.current?.abort();
    const file = { name: picked.name, size: picked.size };
    if (!isCsvFileName(picked.name, picked.type)) return check(picked, file);
    // A CSV: its header first, so its columns can be chosen before checking.
    const abort = new AbortController();
    checkAbort.current = abort;
    try {
      const header = await readCsvFileHeader(picked);
      if (abort.signal.aborted) return;
      if (header === null || header.columns.every((c) => c === ""))
        setPhase({
          kind: "unreadable",
          file,
          message: "it has no header row (a CSV's first line names its columns)",
        });
      else
        setPhase({
          kind: "mapping",
          file,
          csv: { picked, header, columns: mapCsvColumns(header.columns).columns },
        });
    } catch (error) {
      if (abort.signal.aborted) return;
      setPhase({ kind: "unreadable", file, message: error instanceof Error ? error.message : String(error) });
    }
  };

  const check = async (picked: Blob, file: FileInfo, csv?: CsvSetup) => {
    checkAbort.current?.abort();
    const abort = new AbortController();
    checkAbort.current = abort;
    setPhase({
      kind: "checking",
      file,
      progress: { bytesRead: 0, totalBytes: picked.size, conversations: 0, invalid: 0 },
    });
    try {
      const result = await checkTranscriptFile(picked, {
        chunkBytes,
        maxConversationBytes: MAX_CONVERSATION_BYTES,
        signal: abort.signal,
        ...(csv === undefined
          ? {}
          : {
              reader: new CsvTranscriptReader({
                columns: csv.columns,
                roles: (() => {
                  const roles = rolesOf(csv);
                  return "error" in roles ? {} : roles;
                })(),
                rolesHint: "or name this file's values under Role values (Change the columns)",
              }),
            }),
        onProgress: (progress) => {
          if (!abort.signal.aborted) setPhase({ kind: "checking", file, progress });
        },
      });
      if (!abort.signal.aborted)
        setPhase({ kind: "checked", file, result, ...(csv === undefined ? {} : { csv }) });
    } catch (error) {
      if (abort.signal.aborted) return;
      setPhase({
        kind: "unreadable",
        file,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };

  const reset = () => {
    if (fileInput.current !== null) fileInput.current.value = "";
    setPhase({ kind: "idle" });
  };

  const cancelCheck = () => {
    checkAbort.current?.abort();
    reset();
  };

  const send = async (from: Run, start: number) => {
    // Only the run's own fields: `from` may be a whole phase (stopped, failed) with its own kind.
    const run = runOf(from);
    stopRequested.current = false;
    setPhase({ kind: "sending", stopping: false, ...run, sent: start });
    const outcome = await sendBatches({
      batches: run.batches,
      teamId: run.teamId,
      from: start,
      totals: run.totals,
      send: importBatch,
      onBatch: (sent, totals) => {
        if (!gone.current) setPhase((p) => (p.kind === "sending" ? { ...p, sent, totals } : p));
      },
      shouldStop: () => stopRequested.current || gone.current,
    });
    if (gone.current) return;
    if (outcome.kind === "done")
      setPhase({ kind: "done", ...run, sent: run.batches.length, totals: outcome.totals });
    else if (outcome.kind === "stopped")
      setPhase({ kind: "stopped", ...run, sent: outcome.next, totals: outcome.totals });
    else
      setPhase({
        kind: "failed",
        ...run,
        sent: outcome.failed,
        totals: outcome.totals,
        error: outcome.error,
      });
  };

  const startImport = (file: FileInfo, result: CheckResult) => {
    const team = teams.find((t) => t.id === teamId);
    if (team === undefined) return;
    const batches = planBatches(result.conversations, team.id, batchLimits);
    void send(
      {
        file,
        result,
        teamId: team.id,
        teamName: team.name,
        batches,
        total: result.conversations.length,
        sent: 0,
        totals: NO_TOTALS,
      },
      0,
    );
  };

  const stop = () => {
    stopRequested.current = true;
    setPhase((p) => (p.kind === "sending" ? { ...p, stopping: true } : p));
  };

  const busy = phase.kind === "checking" || phase.kind === "sending";
  const locked = busy || phase.kind === "stopped" || phase.kind === "failed";

  return (
    <Panel title="Import transcripts" labelledBy="import-title">
      <div className="stack">
        <p className="muted" style={{ margin: 0 }}>
          Bring in conversations from another tool: a CSV with one row per message, as helpdesks export them
          (you match its columns before anything is checked), or a JSON file of conversations (see “What a
          conversation looks like”). tagteam reads each conversation message by message, as if it were
          happening live. Importing the same file again adds nothing twice.
        </p>
        <FormatHelp />
        {teams.length === 0 ? (
          <div className="notice">
            You are not in a team yet, so there is nowhere to import into. An admin can add you to one.
          </div>
        ) : (
          <div className="filters">
            <label className="field">
              <span>Team</span>
              <select
                className="select"
                value={teamId}
                disabled={locked}
                onChange={(e) => setTeamId(e.target.value)}
              >
                {teams.length > 1 ? <option value="">Choose a team…</option> : null}
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Transcript file</span>
              <input
                type="file"
                className="input file-input"
                accept=".jsonl,.ndjson,.json,.txt,.csv,.tsv,application/json,application/x-ndjson,text/plain,text/csv"
                disabled={locked}
                ref={fileInput}
                // Cleared on each click, so choosing the same file again (fixed) reads it again.
                onClick={(e) => (e.currentTarget.value = "")}
                onChange={(e) => void chooseFile(e)}
              />
            </label>
          </div>
        )}
        <PhaseView
          phase={phase}
          teams={teams}
          teamId={teamId}
          now={now}
          onCancelCheck={cancelCheck}
          onMapping={(file, csv) => setPhase({ kind: "mapping", file, csv })}
          onCheck={(file, csv) => void check(csv.picked, file, csv)}
          onImport={startImport}
          onStop={stop}
          onResume={(run) => void send(run, run.sent)}
          onRestart={(run) => void send({ ...run, totals: NO_TOTALS }, 0)}
          onReset={reset}
        />
      </div>
    </Panel>
  );
}

function FormatHelp() {
  return (
    <details className="small">
      <summary>What a conversation looks like</summary>
      <pre className="code-sample">{`{"id": "c1", "channel": "chat", "messages": [
  {"role": "customer", "text": "Where is my parcel?", "at": "2026-03-02T10:00:05Z", "author": "Dana Smith"},
  {"role": "agent", "text": "It left our warehouse this morning.", "at": "2026-03-02T10:00:40Z"}]}`}</pre>
      <p className="muted" style={{ margin: 0 }}>
        <code>id</code> and each message’s <code>role</code> (customer, agent or system) and <code>text</code>{" "}
        are required. <code>at</code> (an ISO time with its offset) is when it was said; without it the
        message counts as said now. <code>channel</code> is chat, email, voice or social; <code>topic</code>,{" "}
        <code>author</code> and <code>kb</code> are optional. A JSON file holds one conversation like this per
        line, a list of them, or just one.
      </p>
      <p className="muted" style={{ margin: "6px 0 0" }}>
        A CSV has a header row and one row per message; rows of a conversation may be anywhere in the file.
        Columns are found by their names (ticket_id or conversation_id, created_at, sender_type or role,
        author, body or comment, …) and you can change them. Roles: customer, end-user, requester, contact or
        visitor; agent, admin, operator, staff or support; system or bot; note or internal rows are left out;
        name others, such as “User”, under the columns. Times without an offset are read as UTC.
      </p>
    </details>
  );
}

function PhaseView({
  phase,
  teams,
  teamId,
  now,
  onCancelCheck,
  onMapping,
  onCheck,
  onImport,
  onStop,
  onResume,
  onRestart,
  onReset,
}: {
  phase: Phase;
  teams: Team[];
  teamId: string;
  now: () => number;
  onCancelCheck: () => void;
  onMapping: (file: FileInfo, csv: CsvSetup) => void;
  onCheck: (file: FileInfo, csv: CsvSetup) => void;
  onImport: (file: FileInfo, result: CheckResult) => void;
  onStop: () => void;
  onResume: (run: Run) => void;
  onRestart: (run: Run) => void;
  onReset: () => void;
}) {
  switch (phase.kind) {
    case "idle":
      return null;
    case "checking": {
      const p = phase.progress;
      return (
        <div className="stack">
          <progress
            className="progress"
            aria-label="Checking the file"
            value={p.bytesRead}
            max={Math.max(1, p.totalBytes)}
          />
          <div className="row">
            <span role="status" className="grow">
              Checking {phase.file.name}: {formatBytes(p.bytesRead)} of {formatBytes(p.totalBytes)} read,{" "}
              {plural(p.conversations, "conversation")} fine so far
              {p.invalid > 0 ? `, ${n(p.invalid)} with problems` : ""}. Nothing is sent yet.
            </span>
            <button type="button" className="btn" onClick={onCancelCheck}>
              Cancel
            </button>
          </div>
        </div>
      );
    }
    case "unreadable":
      return (
        <div className="notice error" role="alert">
          {phase.file.name} could not be read: {phase.message}. Choose it again, or another file.
        </div>
      );
    case "mapping":
      return (
        <MappingView
          file={phase.file}
          csv={phase.csv}
          onChange={(csv) => onMapping(phase.file, csv)}
          onCheck={() => onCheck(phase.file, phase.csv)}
          onReset={onReset}
        />
      );
    case "checked": {
      const csv = phase.csv;
      return (
        <CheckedView
          file={phase.file}
          result={phase.result}
          {...{ teams, teamId, now, onImport, onReset }}
          onChangeColumns={csv === undefined ? undefined : () => onMapping(phase.file, csv)}
        />
      );
    }
    case "sending":
    case "stopped":
    case "failed":
    case "done":
      return <RunView phase={phase} {...{ now, onStop, onResume, onRestart, onReset }} />;
  }
}

/** A CSV's columns, one select per field, chosen from its header (detected by name first). */
function MappingView({
  file,
  csv,
  onChange,
  onCheck,
  onReset,
}: {
  file: FileInfo;
  csv: CsvSetup;
  onChange: (csv: CsvSetup) => void;
  onCheck: () => void;
  onReset: () => void;
}) {
  const { header, columns } = csv;
  const missing = REQUIRED_CSV_FIELDS.filter((f) => columns[f] === null);
  const roles = rolesOf(csv);
  const rolesError = "error" in roles ? roles.error.replace(/^--roles: /, "") : null;
  const choose = (field: CsvField, value: string) =>
    onChange({ ...csv, columns: { ...columns, [field]: value === "" ? null : Number(value) } });
  return (
    <div className="stack">
      <p className="small" style={{ margin: 0 }}>
        <strong>{file.name}</strong> is a CSV ({plural(header.columns.length, "column")}, separated by{" "}
        {SEPARATOR_LABEL[header.separator]}). Which column holds what? They were chosen by their names; change
        any that are wrong. Fields marked * are required. Nothing is checked or sent yet.
      </p>
      <div className="filters" role="group" aria-label="CSV columns">
        {CSV_FIELDS.map((field) => {
          const required = REQUIRED_CSV_FIELDS.includes(field);
          return (
            <label className="field" key={field}>
              <span>
                {CSV_FIELD_LABELS[field]}
                {required ? " *" : ""}
              </span>
              <select
                className="select"
                value={columns[field] ?? ""}
                required={required}
                onChange={(e) => choose(field, e.target.value)}
              >
                <option value="">{required ? "Choose a column…" : "(none)"}</option>
                {header.columns.map((name, i) => (
                  <option key={i} value={i}>
                    {name === "" ? `(column ${i + 1}, unnamed)` : name}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      </div>
      {/* The hint sits outside the label, so the field's name is the label alone. */}
      <div className="stack" style={{ gap: 4 }}>
        <label className="field">
          <span>Role values of this file (optional)</span>
          <input
            className="input"
            value={csv.roles ?? ""}
            placeholder="User=agent, Contact=customer"
            aria-describedby="csv-roles-help"
            aria-invalid={rolesError !== null}
            onChange={(e) => onChange({ ...csv, roles: e.target.value })}
          />
        </label>
        <span className="small muted" id="csv-roles-help">
          Values of the role column not recognised by name, each as VALUE=ROLE with ROLE customer, agent,
          system or note (left out). &ldquo;User&rdquo; needs it: Chatwoot&rsquo;s agents and Intercom&rsquo;s
          customers both use it.
        </span>
      </div>
      {rolesError !== null ? (
        <div className="notice error" role="alert">
          Role values: {rolesError}
        </div>
      ) : null}
      {missing.length > 0 ? (
        <div className="notice error" role="alert">
          Choose a column for{" "}
          {missing.map((f) => CSV_FIELD_LABELS[f].replace(/ \(.*\)$/, "").toLowerCase()).join(", ")}: no
          column of this file is named like it (its columns: {header.columns.join(", ")}).
        </div>
      ) : null}
      <div className="row">
        <button
          type="button"
          className="btn primary"
          disabled={missing.length > 0 || rolesError !== null}
          onClick={onCheck}
        >
          Check the file
        </button>
        <button type="button" className="btn" onClick={onReset}>
          Choose another file
        </button>
      </div>
    </div>
  );
}

function CheckedView({
  file,
  result,
  teams,
  teamId,
  now,
  onImport,
  onReset,
  onChangeColumns,
}: {
  file: FileInfo;
  result: CheckResult;
  teams: Team[];
  teamId: string;
  now: () => number;
  onImport: (file: FileInfo, result: CheckResult) => void;
  onReset: () => void;
  /** A CSV: back to its columns. */
  onChangeColumns?: (() => void) | undefined;
}) {
  const changeColumns =
    onChangeColumns === undefined ? null : (
      <button type="button" className="btn" onClick={onChangeColumns}>
        Change the columns
      </button>
    );
  const fine = result.conversations.length;
  const team = teams.find((t) => t.id === teamId);
  const shape = result.shape === null ? "" : ` (${SHAPE_LABEL[result.shape]})`;
  const clean = result.problemCount === 0;
  const elsewhere =
    team === undefined
      ? 0
      : result.conversations.filter(
          (c) => c.conversation.teamId !== undefined && c.conversation.teamId !== team.id,
        ).length;
  const label = clean
    ? `Import ${plural(fine, "conversation")}`
    : `Import only the ${plural(fine, "valid conversation")}`;
  return (
    <div className="stack">
      {clean ? (
        <div className="notice ok" role="status">
          {file.name}
          {shape}: {plural(fine, "conversation")} with {plural(result.messages, "message")}, all fine. Nothing
          has been sent yet.
        </div>
      ) : (
        <div className="notice error" role="alert">
          {file.name}
          {shape}: {plural(fine, "conversation")} {fine === 1 ? "is" : "are"} fine, {n(result.invalid)}{" "}
          {result.invalid === 1 ? "is" : "are"} not
          {result.problemCount > 0 ? ` (${plural(result.problemCount, "problem")}, below)` : ""}. Nothing has
          been sent.
        </div>
      )}
      {clean ? null : <ProblemList result={result} />}
      {fine > 0 ? (
        <>
          <WhatHappensNext result={result} now={now} />
          {elsewhere > 0 ? (
            <p className="small" style={{ margin: 0 }}>
              {plural(elsewhere, "conversation")} in the file {elsewhere === 1 ? "names" : "name"} another
              team (<code>teamId</code>) and {elsewhere === 1 ? "goes" : "go"} there rather than to{" "}
              {team?.name}.
            </p>
          ) : null}
          <div className="row">
            <button
              type="button"
              className="btn primary"
              disabled={team === undefined}
              onClick={() => onImport(file, result)}
            >
              {label}
              {team === undefined ? "" : ` into ${team.name}`}
            </button>
            {team === undefined ? <span className="small muted">Choose a team first.</span> : null}
            {clean ? null : <span className="small muted">or fix the file and choose it again.</span>}
            {changeColumns}
          </div>
        </>
      ) : (
        <div className="row">
          <span className="small muted">
            Nothing in this file can be imported; fix it and choose it again.
          </span>
          {changeColumns}
          <button type="button" className="btn" onClick={onReset}>
            Clear
          </button>
        </div>
      )}
    </div>
  );
}

function ProblemList({ result }: { result: CheckResult }) {
  const shown = result.problems;
  const more = result.problemCount - shown.length;
  return (
    // It scrolls when the file has many problems: focusable, so the keyboard can scroll it too.
    <div className="problem-list" role="region" aria-label="Problems in the file, scrollable" tabIndex={0}>
      <table className="table" aria-label="Problems in the file">
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Conversation</th>
            <th scope="col">Field</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p, i) => (
            <tr key={i}>
              <td className="nowrap">{p.place === null ? "the file" : describePlace(p.place)}</td>
              <td className="mono">{p.conversationId ?? "—"}</td>
              <td className="mono">{p.field ?? "—"}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? (
        <p className="small muted" style={{ margin: "6px 0 0" }}>
          …and {plural(more, "more problem")} not listed; fix these and check the file again.
        </p>
      ) : null}
    </div>
  );
}

/** Which imported conversations loop 2 will score soon, and which will sit on the floor as open. */
function WhatHappensNext({ result, now }: { result: CheckResult; now: () => number }) {
  const { idle, recent } = countByAge(result.conversations, now(), DEFAULT_IDLE_CLOSE_MS);
  return (
    <p className="small" style={{ margin: 0 }}>
      <strong>What happens next.</strong> A conversation whose last message is older than the idle-close time
      (4 hours unless the server sets <code>TAGTEAM_CONVERSATION_IDLE_CLOSE_MS</code>) is closed by the
      server’s next sweep, within seconds, and loop 2 then scores it: its scorecard appears on the{" "}
      <Link href="/qa">Scorecards</Link> page. Here that is {plural(idle, "conversation")}
      {recent > 0
        ? `; the other ${n(recent)} ended more recently or ${recent === 1 ? "has" : "have"} messages without a time, so ${recent === 1 ? "it shows" : "they show"} on the Floor as open until nobody has written for that long`
        : ""}
      . Every message is analysed as it would be live, but only lines said in the last 15 minutes (or without
      a time) can alert a teammate: history alerts nobody.
    </p>
  );
}

function RunView({
  phase,
  now,
  onStop,
  onResume,
  onRestart,
  onReset,
}: {
  phase: Extract<Phase, { kind: "sending" | "stopped" | "failed" | "done" }>;
  now: () => number;
  onStop: () => void;
  onResume: (run: Run) => void;
  onRestart: (run: Run) => void;
  onReset: () => void;
}) {
  const { totals, batches, sent } = phase;
  const conversationsSent = batches.slice(0, sent).reduce((sum, b) => sum + b.items.length, 0);
  return (
    <div className="stack">
      {phase.kind === "done" ? null : (
        <>
          <progress
            className="progress"
            aria-label="Import progress"
            value={conversationsSent}
            max={Math.max(1, phase.total)}
          />
          <div role="status">
            {n(conversationsSent)} of {plural(phase.total, "conversation")} sent to {phase.teamName} (batch{" "}
            {n(Math.min(sent + (phase.kind === "sending" ? 1 : 0), batches.length))} of {n(batches.length)}):{" "}
            {plural(totals.messages, "message")}, {n(totals.created)} new, {plural(totals.alerts, "alert")}{" "}
            raised so far.
          </div>
        </>
      )}
      <ConflictsNotice totals={totals} />
      {phase.kind === "sending" ? (
        <div className="row">
          <button type="button" className="btn" disabled={phase.stopping} onClick={onStop}>
            {phase.stopping ? "Stopping after this batch…" : "Cancel"}
          </button>
          <span className="small muted">
            Cancel stops after the batch being sent; what was sent stays imported.
          </span>
        </div>
      ) : null}
      {phase.kind === "stopped" ? (
        <>
          <div className="notice" role="status">
            Stopped after batch {n(sent)} of {n(batches.length)}: {plural(conversationsSent, "conversation")}{" "}
            of {n(phase.total)} imported into {phase.teamName}; the other {n(phase.total - conversationsSent)}{" "}
            were not sent.
          </div>
          <div className="row">
            <button type="button" className="btn primary" onClick={() => onResume(phase)}>
              Continue from batch {n(sent + 1)}
            </button>
            <button type="button" className="btn" onClick={onReset}>
              Choose another file
            </button>
          </div>
        </>
      ) : null}
      {phase.kind === "failed" ? (
        <FailedView phase={phase} onResume={onResume} onRestart={onRestart} onReset={onReset} />
      ) : null}
      {phase.kind === "done" ? (
        <>
          <div className="notice ok" role="status">
            {phase.totals.created === 0 && phase.totals.messages > 0 && phase.totals.conflicts.length === 0
              ? `Nothing new: ${phase.file.name} had been imported into ${phase.teamName} before, and all ${plural(phase.totals.messages, "message")} were already there.`
              : `Imported ${plural(phase.totals.conversations, "conversation")} from ${phase.file.name} into ${phase.teamName}.`}
          </div>
          <ImportSummary totals={phase.totals} />
          <WhatHappensNext result={phase.result} now={now} />
          <div className="row">
            <Link href="/floor" className="btn">
              Open the floor
            </Link>
            <Link href="/qa" className="btn">
              Open Scorecards
            </Link>
            <button type="button" className="btn" onClick={onReset}>
              Import another file
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}

function FailedView({
  phase,
  onResume,
  onRestart,
  onReset,
}: {
  phase: Extract<Phase, { kind: "failed" }>;
  onResume: (run: Run) => void;
  onRestart: (run: Run) => void;
  onReset: () => void;
}) {
  const batch = phase.batches[phase.sent];
  const first = batch?.items[0]?.place;
  const last = batch?.items[batch.items.length - 1]?.place;
  const where =
    first === undefined || last === undefined
      ? ""
      : first === last
        ? ` (the conversation at ${describePlace(first)})`
        : ` (conversations from ${describePlace(first)} to ${describePlace(last)})`;
  return (
    <>
      <div className="notice error" role="alert">
        <div>
          Batch {n(phase.sent + 1)} of {n(phase.batches.length)}
          {where} was not imported: {describeError(phase.error)}
        </div>
        {batch !== undefined ? <ServerIssues error={phase.error} batch={batch} /> : null}
        <div style={{ marginTop: 6 }}>
          {phase.sent > 0
            ? `The ${plural(phase.sent, "batch", "batches")} before it (${plural(
                phase.batches.slice(0, phase.sent).reduce((s, b) => s + b.items.length, 0),
                "conversation",
              )}) stay imported. `
            : ""}
          Retrying is safe: importing is idempotent, so messages already stored are recognised and not stored
          twice, even if you start over from the first batch.
        </div>
      </div>
      <div className="row">
        <button type="button" className="btn primary" onClick={() => onResume(phase)}>
          Retry from batch {n(phase.sent + 1)}
        </button>
        {phase.sent > 0 ? (
          <button type="button" className="btn" onClick={() => onRestart(phase)}>
            Start over from batch 1
          </button>
        ) : null}
        <button type="button" className="btn" onClick={onReset}>
          Choose another file
        </button>
      </div>
    </>
  );
}

function describeError(error: unknown): string {
  if (error instanceof ApiError)
    return error.status > 0 ? `${error.message} (${error.code}, HTTP ${error.status})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

/** The server's validation issues, with `conversations.N` turned back into the place in the file. */
function ServerIssues({ error, batch }: { error: unknown; batch: Batch }) {
  if (!(error instanceof ApiError)) return null;
  const issues = error.details?.["issues"];
  if (!Array.isArray(issues) || issues.length === 0) return null;
  const lines = issues.slice(0, 20).map((issue: { path?: unknown; message?: unknown }) => {
    const path = Array.isArray(issue.path) ? issue.path.slice(1) : [];
    const message = typeof issue.message === "string" ? issue.message : "";
    const index = path[0] === "conversations" && typeof path[1] === "number" ? path[1] : undefined;
    const item = index === undefined ? undefined : batch.items[index];
    const problem: FileProblem = {
      place: item?.place ?? null,
      conversationId: item?.conversation.id ?? null,
      field: (item === undefined ? path : path.slice(2)).map(String).join(".") || null,
      message,
    };
    return problem;
  });
  return (
    <ul style={{ margin: "6px 0 0", paddingLeft: 18 }}>
      {lines.map((p, i) => (
        <li key={i}>
          {p.place === null ? "" : `${describePlace(p.place)}: `}
          {p.field === null ? "" : `${p.field}: `}
          {p.message}
        </li>
      ))}
      {issues.length > lines.length ? <li>…and {n(issues.length - lines.length)} more</li> : null}
    </ul>
  );
}

/**
 * Lines of this file that were not stored because its conversation's id already held a different
 * line at their place (another file, or an edited one, reusing the id): named, never dropped quietly.
 */
function ConflictsNotice({ totals }: { totals: ImportTotals }) {
  const { conflicts } = totals;
  if (conflicts.length === 0) return null;
  const shown = conflicts.slice(0, 20);
  return (
    <div className="notice error" role="alert" aria-label="Lines not imported">
      <div>
        {plural(conflictingLines(conflicts), "message")} of this file{" "}
        {conflictingLines(conflicts) === 1 ? "was" : "were"} not imported: an earlier import had already
        stored a different message at the same place under the same conversation id. The stored messages were
        kept. To import these, give the conversations ids of their own.
      </div>
      <ul style={{ margin: "6px 0 0", paddingLeft: 18 }}>
        {shown.map((c) => (
          <li key={c.conversationId}>
            Conversation {c.conversationId}: {describeDiffering(c.differing)} differ
            {c.differing.length === 1 ? "s" : ""} from what is stored
          </li>
        ))}
        {conflicts.length > shown.length ? (
          <li>…and {plural(conflicts.length - shown.length, "more conversation")}</li>
        ) : null}
      </ul>
    </div>
  );
}

function ImportSummary({ totals }: { totals: ImportTotals }) {
  const notImported = conflictingLines(totals.conflicts);
  const stats: [string, number][] = [
    ["Conversations", totals.conversations],
    ["Messages stored", totals.created],
    ["Already there from an earlier import", totals.messages - totals.created - notImported],
    ...(notImported > 0
      ? ([["Not imported: a different message was already stored", notImported]] as [string, number][])
      : []),
    ["Alerts raised", totals.alerts],
  ];
  return (
    <div className="stats" role="list" aria-label="Import summary">
      {stats.map(([label, value]) => (
        <div key={label} className="panel stat" role="listitem" aria-label={`${label}: ${n(value)}`}>
          <div className="value">{n(value)}</div>
          <div className="label">{label}</div>
        </div>
      ))}
    </div>
  );
}
