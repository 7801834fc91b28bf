import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: keep database-heavy suites from starving each other.
    maxWorkers: 2,
    // The run's shared directory for costly fixtures made once per run (test/support/runTemplate.ts).
    globalSetup: ["test/support/globalSetup.ts"],
  },
});
