import type { Register } from "../app.ts";
import type { ServerContext } from "../context.ts";
import { registerPracticeRoutes } from "./routes.ts";

/** The OpenAPI tags of the drill routes: test/server/practice-privacy.test.ts covers each of them. */
export const PRACTICE_TAGS: readonly string[] = ["practice"];

/** Loop 3, role-play drills: scenarios from real hard conversations and the drills run on them. */
export function registerPractice(register: Register, ctx: ServerContext): void {
  registerPracticeRoutes(register, ctx);
}
