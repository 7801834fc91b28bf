// The server's entry for `tagteam serve` and tests: start, configure, and the demo.
export { buildApp, type App } from "./app.ts";
export { loadConfig, CONFIG_KEYS, type ServerConfig } from "./config.ts";
export { startServer, type RunningServer } from "./main.ts";
export { DEMO_PASSWORD, DEMO_TEAM_NAME } from "./bootstrap.ts";
export {
  createDemoCredentials,
  demoReplayGate,
  demoReplayLeftOpen,
  demoReplayStartAt,
  settleDemoHistory,
} from "./demo.ts";
/** `tagteam restore`: a backup (GET /admin/backup) back into a new PGlite data directory. */
export { restorePGliteDataDir as restoreBackup } from "../store/index.ts";
