import type { NewAuditEntry } from "../../store/index.ts";
import type { Principal } from "../auth/principal.ts";

/**
 * An audit entry for something the caller did (written in the same transaction as the change):
 * who (a person, or an API token acting as one), what, to what, under which request. Every route
 * builds its entries with this.
 */
export function auditEntry(
  p: Principal,
  action: string,
  targetType: string,
  targetId: string,
  requestId: string,
  details?: NewAuditEntry["details"],
): NewAuditEntry {
  return {
    orgId: p.orgId,
    actorKind: p.via === "token" ? "api_token" : "person",
    actorId: p.personId,
    action,
    targetType,
    targetId,
    requestId,
    ...(details !== undefined ? { details } : {}),
  };
}
