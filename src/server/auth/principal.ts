import type { Role } from "../../protocol/index.ts";

/** Who is calling: the signed-in person, or the person an API token acts as. */
export interface Principal {
  orgId: string;
  personId: string;
  name: string;
  role: Role;
  teamIds: string[];
  via: "session" | "token";
  /** Tokens may be limited to ingest; sessions carry every scope. */
  scopes: readonly ("ingest" | "api")[];
}
