/** Loop 3's employee pulses (eNPS): src/server/pulses/routes.ts, and the demo's history of them. */
export { PULSES_TAG, presentPulse, registerPulseRoutes } from "./routes.ts";
