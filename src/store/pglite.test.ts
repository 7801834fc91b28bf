// The store contract against PGlite: the suite's store comes from the migrated template
// (test/support/testStore.ts); "fresh" databases are new in-memory PGlite instances.
import { PGlite } from "@electric-sql/pglite";
import { createTestStore } from "../../test/support/testStore.ts";
import { describeStoreContract } from "./contract/storeContract.ts";
import { createPGliteStore } from "./pgliteStore.ts";

describeStoreContract("PGlite", {
  open: () => createTestStore(),
  openFresh: async () => ({ store: createPGliteStore(await PGlite.create()) }),
});
