import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chatwootSignature, chatwootSignatureProblem } from "./chatwootSignature.ts";

const secret = "whsec-test-1";
const body = Buffer.from('{"event":"message_created","id":118}');
const now = Date.UTC(2026, 11, 5, 9, 0, 0);
const ts = String(Math.floor(now / 1000));

describe("chatwootSignature", () => {
  it("is sha256= and the hex HMAC of timestamp, dot, body", () => {
    const hex = createHmac("sha256", secret).update(`${ts}.${body.toString()}`).digest("hex");
    expect(chatwootSignature(secret, ts, body)).toBe(`sha256=${hex}`);
  });

  it("accepts the request's own signature, in either case", () => {
    const signature = chatwootSignature(secret, ts, body);
    expect(
      chatwootSignatureProblem({ secret, signature, timestamp: ts, rawBody: body, nowMs: now }),
    ).toBeNull();
    expect(
      chatwootSignatureProblem({
        secret,
        signature: signature.toUpperCase().replace("SHA256=", "sha256="),
        timestamp: ts,
        rawBody: body,
        nowMs: now + 60_000,
      }),
    ).toBeNull();
  });

  it("names what is wrong: missing headers, a stale time, another body or secret", () => {
    const signature = chatwootSignature(secret, ts, body);
    const check = (over: Partial<Parameters<typeof chatwootSignatureProblem>[0]>) =>
      chatwootSignatureProblem({ secret, signature, timestamp: ts, rawBody: body, nowMs: now, ...over });
    expect(check({ signature: undefined })).toMatch(/X-Chatwoot-Signature header is missing/);
    expect(check({ timestamp: undefined })).toMatch(/X-Chatwoot-Timestamp header is missing/);
    expect(check({ timestamp: "yesterday" })).toMatch(/not a Unix time/);
    expect(check({ nowMs: now + 6 * 60_000 })).toMatch(/more than 5 minutes/);
    expect(check({ nowMs: now - 6 * 60_000 })).toMatch(/more than 5 minutes/);
    expect(check({ rawBody: Buffer.from('{"event":"message_created","id":119}') })).toMatch(/does not match/);
    expect(check({ secret: "another" })).toMatch(/does not match/);
    expect(check({ signature: "sha256=abc" })).toMatch(/does not match/);
    // The timestamp is signed too: a fresh time on an old signature does not pass.
    const later = String(Number(ts) + 30);
    expect(check({ timestamp: later })).toMatch(/does not match/);
  });
});
