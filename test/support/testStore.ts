// Fast test databases for any suite that needs a migrated store (server, protocol, cli tests).
//
//   import { createTestStore } from "../../test/support/testStore.ts";
//   let store: Store;
//   beforeAll(async () => { store = await createTestStore(); });   // ~1 s, migrated, empty
//   afterAll(() => store.close());
//
// How: the first caller on the machine creates a PGlite database, migrates it, and writes
// `dumpDataDir()` to a tarball in the OS temp dir whose name carries a hash of the migrations
// (so editing or adding a migration makes a new template). Every call then starts an in-memory
// PGlite from that tarball (`new PGlite({ loadDataDir })`), which skips initdb (3–6 s) and the
// migrations. One database per test file is the intended use; inside a file, isolate tests by
// creating a fresh organisation (`seedOrganisation`) rather than a new database.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPGliteStore } from "../../src/store/pgliteStore.ts";
import { migrate, readMigrations } from "../../src/store/migrate.ts";
import type { Store } from "../../src/store/types.ts";
import { runTemplate } from "./runTemplate.ts";

export { seedOrganisation, type SeededOrganisation } from "../../src/store/contract/factories.ts";

let template: Promise<Blob> | null = null;

/** The installed PGlite's version: a dump from another version may not load. */
function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@electric-sql/pglite");
  const root = entry.slice(0, entry.lastIndexOf("/dist/"));
  return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
}

function templatePath(): string {
  const hash = createHash("sha256");
  hash.update(`pglite ${pgliteVersion()}\n`);
  for (const migration of readMigrations()) hash.update(`${migration.id}:${migration.checksum}\n`);
  return join(tmpdir(), `tagteam-store-template-${hash.digest("hex").slice(0, 16)}.tar`);
}

async function buildTemplate(): Promise<Blob> {
  const path = templatePath();
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const db = await PGlite.create();
  const store = createPGliteStore(db);
  await migrate(store);
  const dump = await db.dumpDataDir("none");
  const bytes = Buffer.from(await dump.arrayBuffer());
  await store.close();
  // Written under a unique name then renamed, so parallel workers never read half a file.
  const partial = `${path}.${randomUUID()}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, path);
  // Templates of older migration sets are dead weight (tens of MB each): remove them.
  for (const name of readdirSync(tmpdir())) {
    if (/^tagteam-store-template-[0-9a-f]{16}\.tar$/.test(name) && join(tmpdir(), name) !== path) {
      rmSync(join(tmpdir(), name), { force: true });
    }
  }
  return new Blob([bytes]);
}

/** The migrated, empty database as a `dumpDataDir()` tarball (for stores opened another way). */
export function migratedTemplate(): Promise<Blob> {
  template ??= buildTemplate();
  return template;
}

let emptyTemplate: Promise<Blob> | null = null;

/** A fresh database before any migration, as a dump: initdb once per PGlite version on the machine. */
async function buildEmptyTemplate(): Promise<Blob> {
  const version = createHash("sha256").update(`pglite ${pgliteVersion()}\n`).digest("hex").slice(0, 16);
  const path = join(tmpdir(), `tagteam-empty-template-${version}.tar`);
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const db = await PGlite.create();
  const bytes = Buffer.from(await (await db.dumpDataDir("none")).arrayBuffer());
  await db.close();
  const partial = `${path}.${randomUUID()}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, path);
  for (const name of readdirSync(tmpdir())) {
    if (/^tagteam-empty-template-[0-9a-f]{16}\.tar$/.test(name) && join(tmpdir(), name) !== path) {
      rmSync(join(tmpdir(), name), { force: true });
    }
  }
  return new Blob([bytes]);
}

/**
 * An in-memory PGlite store with no migration applied, for a migration test that migrates it to
 * an old schema itself: loaded from a dump of a fresh database, which skips initdb (3–16 s on a
 * busy machine). Close it when done.
 */
export async function createUnmigratedTestStore(): Promise<Store & { readonly pglite: PGlite }> {
  emptyTemplate ??= buildEmptyTemplate();
  const db = await PGlite.create({ loadDataDir: await emptyTemplate });
  return createPGliteStore(db);
}

/** A migrated, empty, in-memory PGlite store of its own. Close it in afterAll. */
export async function createTestStore(): Promise<Store & { readonly pglite: PGlite }> {
  const loadDataDir = await migratedTemplate();
  const db = await PGlite.create({ loadDataDir });
  return createPGliteStore(db);
}

/**
 * A migrated, empty PGlite data directory, made once per test run, for a server started on a copy
 * of it (the e2e tests' `tagteam serve`): a fresh directory costs initdb and every migration,
 * some seconds each time on a busy machine. It is unpacked from the machine's migrated template
 * (the dump `createTestStore` loads, kept across runs), so it costs neither unless the migrations
 * changed; opening it once with `migrate` checks the unpacked directory and writes nothing more.
 * Copy it; never open it.
 */
export async function migratedDataDir(): Promise<string> {
  const dir = await runTemplate("migrated-data-dir", async (into) => {
    const db = await PGlite.create({ dataDir: join(into, "data"), loadDataDir: await migratedTemplate() });
    const store = createPGliteStore(db);
    try {
      await migrate(store);
    } finally {
      await store.close();
    }
  });
  return join(dir, "data");
}
