import { describe, expect, it } from "vitest";
import { redactUrl } from "./serializeRequest.ts";

describe("redactUrl", () => {
  it("replaces the token's value and keeps everything else", () => {
    expect(redactUrl("/api/v1/webhooks/chatwoot?team=t1&token=tt_secret")).toBe(
      "/api/v1/webhooks/chatwoot?team=t1&token=[redacted]",
    );
    expect(redactUrl("/api/v1/ws?token=tt_secret#x")).toBe("/api/v1/ws?token=[redacted]#x");
    expect(redactUrl("/api/v1/conversations?status=all")).toBe("/api/v1/conversations?status=all");
    expect(redactUrl("/healthz")).toBe("/healthz");
  });

  it("catches every spelling the query parser would read as `token`", () => {
    const url = "/x?TOKEN=a&tok%65n=b&token=c&token&a=1&tokens=keep";
    const redacted = redactUrl(url);
    expect(redacted).toBe(
      "/x?TOKEN=[redacted]&tok%65n=[redacted]&token=[redacted]&token=[redacted]&a=1&tokens=keep",
    );
    for (const secret of ["=a", "=b", "=c"]) expect(redacted).not.toContain(secret);
  });
});
