// Loop 2 builds its audit entries with the server-wide helper.
export { auditEntry } from "../commands/auditEntry.ts";
