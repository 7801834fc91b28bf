import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./errors.ts";
import { validateRequest } from "./validate.ts";

describe("validateRequest", () => {
  it("returns typed values when everything is valid", () => {
    const parsed = validateRequest(
      { params: { id: "x" }, body: { n: 2 } },
      { params: z.object({ id: z.string() }), body: z.object({ n: z.number() }) },
    );
    expect(parsed.body.n).toBe(2);
  });

  it("lists problems from params, query and body together", () => {
    try {
      validateRequest(
        { params: {}, query: { limit: "x" }, body: { a: 1 } },
        {
          params: z.object({ id: z.string() }),
          query: z.object({ limit: z.coerce.number() }),
          body: z.strictObject({ b: z.string() }),
        },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const issues = (error as AppError).details?.issues as { path: (string | number)[] }[];
      expect(issues.map((i) => i.path.join("."))).toEqual(["params.id", "query.limit", "body.b", "body"]);
    }
  });
});
