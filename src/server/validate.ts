import type { z } from "zod";
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
    const result = schema.safeParse(raw);
    if (result.success) out[part] = result.data;
    else issues.push(...toIssues(part, result.error));
  }
  if (issues.length > 0) throw validationFailed(issues);
  return out as Parsed<S>;
}

/** Flattens zod issues (including those nested inside unions) into path + message pairs. */
export function toIssues(part: string, error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [part, ...issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment))],
    message: issue.message,
    code: issue.code,
  }));
}
