import type { NewAuditEntry } from "../../store/index.ts";
import type { Principal } from "../auth/principal.ts";

/** An audit entry for something the caller did (written in the same transaction as the change). */
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
