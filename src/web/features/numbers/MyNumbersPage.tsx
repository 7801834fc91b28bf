import { useMemo } from "react";
import { NUMBERS_DEFAULT_DAYS } from "../../../protocol/numbers.ts";
import type { AgentNumbersResponse } from "../../../protocol/agentNumbers.ts";
import type { Me } from "../../../protocol/resources.ts";
import { useSearchPatch } from "../../lib/useSearchPatch.ts";
import { DateRangeFields, dateRange } from "../../ui/DateRangeFields.tsx";
import { ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { useSkillPeople } from "../skills/api.ts";
import { PersonField } from "../skills/PersonField.tsx";
import { useAgentNumbers } from "./api.ts";
import { agentMeasuresOf } from "./myNumbersModel.ts";
import { browserTimeZone, MeasureGrid } from "./NumbersPage.tsx";
import "./numbers.css";
import { loadFailed } from "../../lib/queries.ts";

/**
 * "My numbers": an agent's own figures over time. An agent sees only theirs; a lead picks one of
 * their agents (the choice and the dates live in the address), as on the skill map.
 */
export function MyNumbersPage({ me }: { me: Me }) {
  const [params, set] = useSearchPatch();
  const lead = me.role !== "agent";
  const people = useSkillPeople();
  const others = (people.data ?? []).filter((p) => !p.self);
  const personId = lead ? (params.get("person") ?? others[0]?.id ?? me.id) : me.id;
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const badDates = from !== "" && to !== "" && to < from;
  // Blank dates: the server's default in the browser's time zone, the last 8 weeks as whole days.
  const range = useMemo(() => ({ ...dateRange(from, to), timeZone: browserTimeZone() }), [from, to]);
  const numbers = useAgentNumbers(badDates || (lead && people.isPending) ? undefined : personId, range);
  return (
    <>
      <PageHeader
        title={lead ? "Agents' numbers" : "My numbers"}
        sub={
          lead
            ? "One agent's own figures over time, as they see them on their My numbers. Private to the agent and their leads."
            : "Your own figures over time: your conversations, the help you got and gave, your scorecards and what your customers said. Only you and your team's leads see them."
        }
      />
      <Panel flush>
        <form
          className="filters numbers-filters"
          style={{ padding: "12px 14px" }}
          aria-label={lead ? "Whose numbers, and when" : "Choose the dates"}
          onSubmit={(e) => e.preventDefault()}
        >
          {lead ? (
            <PersonField people={people.data ?? []} value={personId} onChange={(person) => set({ person })} />
          ) : null}
          <DateRangeFields
            from={from}
            to={to}
            fromLabel="From"
            toLabel="to"
            onChange={(patch) => set(patch)}
          />
          {from === "" && to === "" ? (
            <span className="small muted">The last {NUMBERS_DEFAULT_DAYS / 7} weeks</span>
          ) : (
            <button type="button" className="btn small ghost" onClick={() => set({ from: "", to: "" })}>
              Clear dates
            </button>
          )}
        </form>
      </Panel>
      {loadFailed(people) ? <ErrorNotice error={people.error} /> : null}
      {badDates ? (
        <div className="notice error" role="alert">
          The “to” date is before the “From” date: pick a “to” date on or after it.
        </div>
      ) : loadFailed(numbers) ? (
        <ErrorNotice error={numbers.error} />
      ) : numbers.data === undefined ? (
        <div className="empty" role="status">
          Loading the numbers…
        </div>
      ) : (
        <MyNumbersBody
          data={numbers.data}
          refreshing={numbers.isFetching && numbers.isPlaceholderData}
          self={numbers.data.person.id === me.id}
        />
      )}
    </>
  );
}

/**
 * The page's figures, from data (no fetching), so its states can be tested: spoken to the person
 * when they are the reader (`self`), else of them by name.
 */
export function MyNumbersBody({
  data,
  refreshing,
  self,
}: {
  data: AgentNumbersResponse;
  refreshing: boolean;
  self: boolean;
}) {
  const measures = useMemo(() => agentMeasuresOf(data, self ? null : data.person.name), [data, self]);
  return (
    <div aria-busy={refreshing}>
      <p className="small muted" style={{ margin: "0 0 8px" }}>
        {data.person.name}
        {data.teams.length > 0 ? ` · ${data.teams.map((t) => t.name).join(", ")}` : ""}
      </p>
      <MeasureGrid measures={measures} periods={data.periods} bucket={data.bucket} />
    </div>
  );
}
