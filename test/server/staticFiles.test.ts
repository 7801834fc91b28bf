import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

/*
 * The web app's files: what was there at the start, what a rebuild writes later (new bundle names),
 * the app's pages for any other path, and nothing outside the web directory.
 */
let world: World;
let root: string;
let webDir: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "tagteam-web-"));
  webDir = join(root, "web");
  mkdirSync(join(webDir, "assets"), { recursive: true });
  writeFileSync(join(webDir, "index.html"), "<!doctype html><title>tagteam</title>");
  writeFileSync(join(webDir, "assets", "app-1.js"), "console.log(1)");
  writeFileSync(join(webDir, "embed.js"), "console.log('embed')");
  writeFileSync(join(root, "secret.txt"), "not for the web");
  world = await createWorld({ env: { TAGTEAM_WEB_DIR: webDir } });
});
afterAll(async () => {
  await world.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (url: string) => world.app.app.inject({ method: "GET", url });

describe("the web app's files", () => {
  it("serves the files there at the start, and the app's page for its routes", async () => {
    expect((await get("/assets/app-1.js")).body).toBe("console.log(1)");
    const page = await get("/floor");
    expect([page.statusCode, page.body]).toEqual([200, "<!doctype html><title>tagteam</title>"]);
  });

  it("serves a file written after the start (a rebuilt web app's new bundle)", async () => {
    expect((await get("/assets/app-2.js")).statusCode).toBe(404);
    writeFileSync(join(webDir, "assets", "app-2.js"), "console.log(2)");
    const r = await get("/assets/app-2.js");
    expect([r.statusCode, r.body]).toEqual([200, "console.log(2)"]);
    expect(r.headers["content-type"]).toMatch(/javascript/);
  });

  it("lets browsers keep the hashed bundles for a year, and check everything else on each use", async () => {
    const immutable = "public, max-age=31536000, immutable";
    expect((await get("/assets/app-1.js")).headers["cache-control"]).toBe(immutable);
    writeFileSync(join(webDir, "assets", "app-3.js"), "console.log(3)");
    expect((await get("/assets/app-3.js")).headers["cache-control"]).toBe(immutable);
    // The page names the current bundles, and embed.js keeps its name: a change must show at once.
    for (const url of ["/", "/index.html", "/floor", "/numbers?team=t1", "/embed.js"]) {
      const r = await get(url);
      expect([r.statusCode, r.headers["cache-control"]], url).toEqual([200, "no-cache"]);
    }
    // Asked again with its validator, an unchanged file answers 304 Not Modified without a body.
    const first = await get("/floor");
    const again = await world.app.app.inject({
      method: "GET",
      url: "/floor",
      headers: { "if-none-match": String(first.headers.etag) },
    });
    expect([again.statusCode, again.body]).toEqual([304, ""]);
  });

  it("sends the build's Brotli or gzip copy to a browser that accepts it, the file itself otherwise", async () => {
    const source = "console.log('a bundle');".repeat(100);
    writeFileSync(join(webDir, "assets", "app-4.js"), source);
    writeFileSync(join(webDir, "assets", "app-4.js.br"), brotliCompressSync(source));
    writeFileSync(join(webDir, "assets", "app-4.js.gz"), gzipSync(source));
    const ask = (encoding?: string) =>
      world.app.app.inject({
        method: "GET",
        url: "/assets/app-4.js",
        headers: encoding === undefined ? {} : { "accept-encoding": encoding },
      });
    for (const [accepts, sent] of [
      ["gzip, deflate, br", "br"],
      ["gzip", "gzip"],
    ] as const) {
      const r = await ask(accepts);
      expect([r.statusCode, r.headers["content-encoding"]], accepts).toEqual([200, sent]);
      expect(r.headers["content-type"]).toMatch(/javascript/);
      expect(r.headers["vary"]).toMatch(/accept-encoding/i);
      expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(r.rawPayload.length).toBeLessThan(source.length / 5);
    }
    const plain = await ask();
    expect([plain.headers["content-encoding"], plain.body]).toEqual([undefined, source]);
  });

  it("never serves what lies outside the web directory, however the path is written", async () => {
    for (const url of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/%E0%A4%A.js",
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).not.toBe(200);
      expect(r.body).not.toContain("not for the web");
    }
    expect((await get("/api/v1/nothing.json")).json().error.code).toBe("NOT_FOUND");
  });
});
