import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRestore } from "../../src/cli/serve.ts";
import { listAuditEntries, migrate, openStore } from "../../src/store/index.ts";
import { startPostgresServer } from "../support/postgresServer.ts";
import { captureOutput } from "./captureOutput.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * Backups of the embedded database: an admin downloads one (GET /admin/backup), `tagteam restore`
 * turns it into a new data directory, and the server's data is all there.
 */
const scratch = mkdtempSync(join(tmpdir(), "tagteam-backup-"));
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs `tagteam restore` and returns its exit code and what it printed. */
const restore = (argv: string[]) => captureOutput(() => runRestore(argv));

describe("backups of the embedded database", () => {
  it("an admin downloads one, `tagteam restore` makes a data directory of it, and the data is there", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const posted = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: "backed-up",
        text: "Remember this sentence, please.",
      }),
    );
    expect(posted.statusCode).toBe(200);
    const r = await world.inject({ method: "GET", url: "/api/v1/admin/backup", as: "admin" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("application/gzip");
    expect(r.headers["content-disposition"]).toMatch(/^attachment; filename="tagteam-backup-.+\.tar\.gz"$/);
    expect([...r.rawPayload.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const file = join(scratch, "backup.tar.gz");
    writeFileSync(file, r.rawPayload);
    const audit = (await listAuditEntries(world.store, { orgId: world.orgId, limit: 500 })).find(
      (e) => e.action === "store.backed_up",
    );
    expect(audit?.details).toMatchObject({ bytes: r.rawPayload.byteLength });

    const dataDir = join(scratch, "restored");
    const done = await restore([file, "--data-dir", dataDir]);
    expect(done.code).toBe(0);
    expect(done.out).toContain(`into ${dataDir}`);
    // The server's own way of opening it (a worker thread), and its migrations find nothing to do.
    const store = await openStore({ dataDir });
    try {
      expect((await migrate(store)).applied).toEqual([]);
      const [row] = await store.query("SELECT count(*)::int AS n FROM messages WHERE text = $1", [
        "Remember this sentence, please.",
      ]);
      expect(row?.n).toBe(1);
      // A backup of the restored store, taken on its worker thread, is a backup too.
      const again = await store.dumpDataDir?.();
      expect(again?.byteLength).toBeGreaterThan(1000);
    } finally {
      await store.close();
    }
  });

  it("restore refuses a directory that holds anything, an unreadable file, and bad arguments", async () => {
    const full = join(scratch, "full");
    mkdirSync(full, { recursive: true });
    writeFileSync(join(full, "PG_VERSION"), "18");
    const file = join(scratch, "whatever.tar.gz");
    writeFileSync(file, "not a backup");
    const refused = await restore([file, "--data-dir", full]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("is not empty: restore into a new directory");
    expect(
      (await restore([join(scratch, "missing.tar.gz"), "--data-dir", join(scratch, "x")])).err,
    ).toContain("cannot read");
    const bad = await restore(["--data-dir"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--data-dir needs a value; name the backup file to restore");
    const damaged = await restore([file, "--data-dir", join(scratch, "damaged")]);
    expect(damaged.code).toBe(1);
    expect(damaged.err).toContain("not a backup this server can restore");
    // Nothing half restored is left: the same directory takes a good backup afterwards.
    expect(readdirSync(join(scratch, "damaged"))).toEqual([]);
  });

  it("is for admins only", async () => {
    for (const as of ["leadA", "agentA"] as const) {
      expect((await world.inject({ method: "GET", url: "/api/v1/admin/backup", as })).statusCode).toBe(403);
    }
  });
});

describe("on PostgreSQL", () => {
  it("says to use pg_dump", async (context) => {
    const pg = await startPostgresServer();
    if (pg === null) {
      context.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine");
      return;
    }
    const store = await openStore({ databaseUrl: await pg.createDatabase("backup") });
    try {
      await migrate(store);
      const w = await createWorld({ store });
      try {
        const r = await w.inject({ method: "GET", url: "/api/v1/admin/backup", as: "admin" });
        expect([r.statusCode, r.json().error.message]).toEqual([
          409,
          "This server stores its data in PostgreSQL: back it up with pg_dump",
        ]);
      } finally {
        await w.app.close();
      }
    } finally {
      await store.close();
      await pg.stop();
    }
  });
});
