import type { Team } from "../../../protocol/resources.ts";
import { teamLabel } from "../../lib/format.ts";

/** A team picker's options: one per team, its label shown, its id the value. */
export function TeamOptions({ teams }: { teams: readonly Team[] }) {
  return (
    <>
      {teams.map((t) => (
        <option key={t.id} value={t.id}>
          {teamLabel(t)}
        </option>
      ))}
    </>
  );
}
