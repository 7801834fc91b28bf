// The access log: one structured line per request, written when it completes, with the request id
// the response carries, and never the credentials it came with.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

const lines: string[] = [];
let world: World;
beforeAll(async () => {
  world = await createWorld({
    env: { TAGTEAM_LOG_LEVEL: "info" },
    logStream: { write: (line) => void lines.push(line) },
  });
});
afterAll(async () => {
  await world?.close();
});

describe("access log", () => {
  it("writes one line per request when it completes: method, path, status, time and request id", async () => {
    const cookie = await world.cookie("leadA");
    lines.length = 0;
    const response = await world.app.app.inject({
      method: "GET",
      url: "/api/v1/conversations?status=open",
      headers: { cookie, "x-request-id": "access-log-1" },
    });
    expect(response.statusCode).toBe(200);
    const mine = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.reqId === "access-log-1");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: 30,
      msg: "request completed",
      req: { method: "GET", url: "/api/v1/conversations?status=open" },
      res: { statusCode: 200 },
    });
    expect(typeof mine[0]?.responseTime).toBe("number");
    expect(lines.join("")).not.toContain(cookie.split("=")[1]!.split(";")[0]!);
  });
});
