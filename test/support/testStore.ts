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

/** A migrated, empty, in-memory PGlite store of its own. Close it in afterAll. */
export async function createTestStore(): Promise<Store & { readonly pglite: PGlite }> {
  const loadDataDir = await migratedTemplate();
  const db = await PGlite.create({ loadDataDir });
  return createPGliteStore(db);
}
