/** Loop 3's skill map and mentorship pairings (src/server/skills/routes.ts). */
export { registerSkillRoutes } from "./routes.ts";

/** The OpenAPI tags of these routes: test/server/skills-privacy.test.ts covers every route under them. */
export const SKILLS_TAGS: readonly string[] = ["skills"];
