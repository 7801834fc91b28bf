import { z } from "zod";
import { appendAuditEntries } from "../../store/index.ts";
import type { Register } from "../app.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import type { ServerContext } from "../context.ts";
import { invalidState } from "../errors.ts";
import { assertAdmin } from "../policies.ts";

/**
 * A backup of the embedded database, for an admin to download (Admin → Backup, or a script with an
 * admin's API token): PGlite's data directory as a gzipped tarball, restored with
 * `tagteam restore`. Writes wait while it is taken (measured in docs/ARCHITECTURE.md). On
 * PostgreSQL the server's own tools (pg_dump) do this better, and the route says so.
 */
export function registerBackupRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/admin/backup",
    summary:
      "Download a backup of the embedded database (admin; PGlite only: a gzipped tarball of its data directory, restored with `tagteam restore`). Writes wait while it is taken",
    tag: "admin",
    auth: "person",
    schemas: {},
    response: z.instanceof(Buffer),
    handler: async ({ principal, reply, request }) => {
      assertAdmin(principal);
      const dump = ctx.store.dumpDataDir;
      if (dump === undefined)
        throw invalidState("This server stores its data in PostgreSQL: back it up with pg_dump");
      const started = performance.now();
      const bytes = await dump.call(ctx.store);
      const ms = Math.round(performance.now() - started);
      await appendAuditEntries(ctx.store, [
        auditEntry(principal, "store.backed_up", "store", "pglite", request.id, {
          bytes: bytes.byteLength,
          ms,
        }),
      ]);
      ctx.log.info({ bytes: bytes.byteLength, ms }, "backup taken");
      const stamp = new Date(ctx.now()).toISOString().replaceAll(":", "-").slice(0, 19);
      void reply.header("content-type", "application/gzip");
      void reply.header("content-disposition", `attachment; filename="tagteam-backup-${stamp}.tar.gz"`);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  });
}
