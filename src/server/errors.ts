import type { ErrorCode, ValidationIssue } from "../protocol/index.ts";

/** A failure with a code from the protocol; the error handler turns it into the one envelope. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export function validationFailed(issues: ValidationIssue[]): AppError {
  const summary = issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
    .join("; ");
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return new AppError("VALIDATION_FAILED", `Invalid request: ${summary}${more}`, { issues });
}

/** "Conversation not found": a sentence, as every other error message is. */
export const notFound = (what: string): AppError =>
  new AppError("NOT_FOUND", `${what.charAt(0).toUpperCase()}${what.slice(1)} not found`);
export const forbidden = (why: string): AppError => new AppError("FORBIDDEN", why);
export const invalidState = (why: string): AppError => new AppError("INVALID_STATE", why);
