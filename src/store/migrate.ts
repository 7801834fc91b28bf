import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { StoreError } from "./errors.ts";
import { readText } from "./rows.ts";
import type { Store } from "./types.ts";

/** Directory of `NNNN_name.sql` files, shared by PGlite and PostgreSQL. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/** Any fixed 64-bit key: concurrent instances serialise on it so a migration runs once. */
const MIGRATION_LOCK_KEY = 7_402_113_001;

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

/** The migrations on disk, in order. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  return files.map((name) => {
    if (!FILE_PATTERN.test(name)) {
      throw new StoreError("INVALID_INPUT", `migration file ${name} must be named NNNN_lower_snake.sql`);
    }
    const sql = readFileSync(`${dir}/${name}`, "utf8");
    return { id: name.replace(/\.sql$/, ""), sql, checksum: createHash("sha256").update(sql).digest("hex") };
  });
}

/**
 * Applies pending migrations in one transaction, holding a transaction-level advisory lock so
 * instances starting together wait for each other instead of applying twice. A migration that
 * was applied and then edited is refused (MIGRATION_CHANGED): add a new file instead. A database
 * that a newer tagteam has already migrated is refused too (SCHEMA_NEWER), before anything is
 * applied: this version's queries do not know that schema, and an older instance started by
 * mistake during a rolling upgrade must not serve requests against it.
 */
export async function migrate(store: Store, dir: string = MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  const migrations = readMigrations(dir);
  return store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         id text PRIMARY KEY,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const rows = await tx.query("SELECT id, checksum FROM schema_migrations");
    const done = new Map(rows.map((row) => [readText(row, "id"), readText(row, "checksum")]));
    const known = new Set(migrations.map((m) => m.id));
    const unknown = [...done.keys()].filter((id) => !known.has(id)).sort();
    if (unknown.length > 0) {
      throw new StoreError(
        "SCHEMA_NEWER",
        `the database has migrations this version of tagteam does not know (${unknown.join(", ")}): a newer version has upgraded it; run that version or newer`,
        { unknown },
      );
    }
    const applied: string[] = [];
    for (const migration of migrations) {
      const checksum = done.get(migration.id);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new StoreError(
            "MIGRATION_CHANGED",
            `migration ${migration.id} was applied and has since been edited; add a new migration instead`,
            { id: migration.id },
          );
        }
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)", [
        migration.id,
        migration.checksum,
      ]);
      applied.push(migration.id);
    }
    return { applied };
  });
}
