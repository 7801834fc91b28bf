import { useState } from "react";
import { Link } from "wouter";
import { useAction } from "../../lib/queries.ts";
import { describeError } from "../conversation/ConversationPage.tsx";
import { practiceApi, practiceKeys } from "./api.ts";

/**
 * "Make a practice scenario" for a closed conversation (a lead's, beside its scorecard): the
 * customer's side is copied anonymised into a scenario the team can drill on.
 */
export function MakeScenarioButton({ conversationId }: { conversationId: string }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const make = useAction((id: string) => practiceApi.makeScenario(id), [practiceKeys.all]);
  return (
    <>
      <button
        type="button"
        className="btn small"
        disabled={make.isPending}
        onClick={() => {
          setResult(null);
          make
            .mutateAsync([conversationId])
            .then((r) => setResult({ ok: true, text: `Scenario made: ${r.scenario.title}` }))
            .catch((e: unknown) => setResult({ ok: false, text: describeError(e) }));
        }}
      >
        Make a practice scenario
      </button>
      {result !== null ? (
        <span role={result.ok ? "status" : "alert"} className={`small ${result.ok ? "" : "field-error"}`}>
          {result.text}
          {result.ok ? (
            <>
              {" "}
              <Link href="/practice">Open Practice</Link>
            </>
          ) : null}
        </span>
      ) : null}
    </>
  );
}
