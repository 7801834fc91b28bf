// Security headers on every response: the staff app and the API may not be framed and run only
// this server's scripts; the chat widget page and embed.js may be framed and loaded by any site.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

let world: World;
const webDir = mkdtempSync(join(tmpdir(), "tagteam-web-"));
beforeAll(async () => {
  writeFileSync(join(webDir, "index.html"), "<!doctype html><title>tagteam</title>");
  writeFileSync(join(webDir, "widget.html"), "<!doctype html><title>Chat</title>");
  writeFileSync(join(webDir, "embed.js"), "/* embed */");
  world = await createWorld({ env: { TAGTEAM_WEB_DIR: webDir } });
});
afterAll(async () => {
  await world?.close();
  rmSync(webDir, { recursive: true, force: true });
});

const headersOf = async (url: string) => (await world.app.app.inject({ url })).headers;

describe("security headers", () => {
  it("the staff app, its routes and the API: own scripts only, never framed, no sniffing", async () => {
    for (const url of ["/", "/floor", "/api/v1/me", "/healthz"]) {
      const h = await headersOf(url);
      expect(h["content-security-policy"], url).toContain("frame-ancestors 'none'");
      expect(h["content-security-policy"], url).toContain("script-src 'self'");
      expect(h["content-security-policy"], url).toContain("object-src 'none'");
      expect(h["x-frame-options"], url).toBe("DENY");
      expect(h["x-content-type-options"], url).toBe("nosniff");
      expect(h["referrer-policy"], url).toBe("same-origin");
      expect(h["cross-origin-resource-policy"], url).toBe("same-origin");
    }
  });

  it("the chat widget and embed.js: any site may frame and load them, still with this server's scripts only", async () => {
    for (const url of ["/widget.html?key=abc&title=Chat", "/embed.js"]) {
      const h = await headersOf(url);
      expect(h["content-security-policy"], url).toContain("frame-ancestors *");
      expect(h["content-security-policy"], url).toContain("script-src 'self'");
      expect(h["x-frame-options"], url).toBeUndefined();
      expect(h["cross-origin-resource-policy"], url).toBe("cross-origin");
    }
  });
});
