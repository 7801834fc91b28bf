import { z } from "zod";
import type { ValidationIssue } from "../protocol/index.ts";
import { validationFailed } from "./errors.ts";

type Part = "params" | "query" | "body";
type Schemas = Partial<Record<Part, z.ZodType>>;
type Parsed<S extends Schemas> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

/**
 * Validates params, query and body together so the error lists every problem in all three, and
 * returns typed values. Throws VALIDATION_FAILED; nothing downstream runs on bad input.
 */
export function validateRequest<S extends Schemas>(
  request: { params?: unknown; query?: unknown; body?: unknown },
  schemas: S,
): Parsed<S> {
  const issues: ValidationIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const part of ["params", "query", "body"] as const) {
    const schema = schemas[part];
    if (schema === undefined) continue;
    const raw = request[part] ?? (part === "body" ? undefined : {});
    // A body whose every field is optional (`{ note? }`) may be left out, as `{}`: "a POST that takes
    // no body accepts none or {}" holds for these too. A body with a required field still says so.
    const result =
      part === "body" && raw === undefined && schema.safeParse({}).success
        ? schema.safeParse({})
        : schema.safeParse(raw);
    if (result.success) out[part] = result.data;
    else issues.push(...toIssues(part, result.error, schema));
  }
  if (issues.length > 0) throw validationFailed(issues);
  return out as Parsed<S>;
}

/**
 * Flattens zod issues (including those nested inside unions) into path + message pairs. Given the
 * part's schema, a query parameter or top-level body key it does not take is said as that.
 */
export function toIssues(part: string, error: z.ZodError, schema?: z.ZodType): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [part, ...issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment))],
    message:
      schema !== undefined && issue.code === "unrecognized_keys" && issue.path.length === 0
        ? unknownKeysMessage(part, issue.keys, schema)
        : issue.message,
    code: issue.code,
  }));
}

/**
 * A query parameter or top-level body key the route does not take, said as that, with what it does
 * take: `query: "teamid" is not a query parameter here; this route takes teamId, status` rather than
 * zod's `Unrecognized key`, so a typo is seen for what it is.
 */
function unknownKeysMessage(part: string, keys: readonly string[], schema: z.ZodType): string {
  const sent = keys.map((key) => `"${key}"`).join(", ");
  const one = keys.length === 1;
  const noun =
    part === "query"
      ? one
        ? "is not a query parameter"
        : "are not query parameters"
      : one
        ? "is not a field"
        : "are not fields";
  const known = declaredKeys(schema);
  const takes =
    known === null
      ? ""
      : known.length > 0
        ? `; this route takes ${known.join(", ")}`
        : part === "query"
          ? "; this route takes no query parameters"
          : "; this route takes an empty body or none";
  return `${sent} ${noun} here${takes}`;
}

/** The keys an object schema declares, through optional, default, refine and transform; null if unknown. */
function declaredKeys(schema: z.ZodType): string[] | null {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return declaredKeys(schema.in as z.ZodType);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault)
    return declaredKeys(schema.unwrap() as z.ZodType);
  return null;
}
