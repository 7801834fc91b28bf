import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CONFIG_KEYS, loadConfig } from "./config.ts";

describe("server config", () => {
  it("lists exactly the schema's keys in .env.example, and its values parse", async () => {
    const text = await readFile(new URL("../../.env.example", import.meta.url), "utf8");
    const entries = text
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split("=", 2) as [string, string]);
    expect(entries.map(([key]) => key).sort()).toEqual([...CONFIG_KEYS].sort());
    const result = loadConfig(Object.fromEntries(entries));
    expect(result).toMatchObject({ ok: true });
  });

  it("defaults to PGlite in ./data on port 3000", () => {
    const result = loadConfig({});
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config).toMatchObject({
      port: 3000,
      dataDir: "./data",
      databaseUrl: undefined,
      admin: null,
    });
  });

  it("logs at info, or at warn with the live demo unless a level is set", () => {
    const level = (env: Record<string, string>): string | undefined => {
      const result = loadConfig(env);
      return result.ok ? result.config.logLevel : undefined;
    };
    expect(level({})).toBe("info");
    expect(level({ TAGTEAM_DEMO: "workspace" })).toBe("info");
    expect(level({ TAGTEAM_DEMO: "live" })).toBe("warn");
    expect(level({ TAGTEAM_DEMO: "live", TAGTEAM_LOG_LEVEL: "debug" })).toBe("debug");
    expect(level({ TAGTEAM_LOG_LEVEL: "loud" })).toBeUndefined();
  });

  it("reports every problem at once", () => {
    const result = loadConfig({ PORT: "eighty", TAGTEAM_DEMO: "maybe", DATABASE_URL: "mysql://x" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(":")[0]).sort()).toEqual([
      "DATABASE_URL",
      "PORT",
      "TAGTEAM_DEMO",
    ]);
  });

  it("takes tagteam's public address without its trailing slash, and refuses one that is no URL", () => {
    expect(loadConfig({ TAGTEAM_PUBLIC_URL: "https://tagteam.example.com/" })).toMatchObject({
      ok: true,
      config: { publicUrl: "https://tagteam.example.com" },
    });
    expect(loadConfig({})).toMatchObject({ ok: true, config: { publicUrl: undefined } });
    expect(loadConfig({ TAGTEAM_PUBLIC_URL: "tagteam.example.com" })).toMatchObject({
      ok: false,
      problems: [
        "TAGTEAM_PUBLIC_URL: must be an http:// or https:// URL, the address people open tagteam at",
      ],
    });
  });

  it("takes Chatwoot's URL and token together, and says which is missing or wrong", () => {
    const both = loadConfig({
      TAGTEAM_CHATWOOT_URL: "https://chat.example.com",
      TAGTEAM_CHATWOOT_API_TOKEN: "t",
    });
    expect(both).toMatchObject({
      ok: true,
      config: { chatwoot: { url: "https://chat.example.com", apiToken: "t" } },
    });
    expect(loadConfig({})).toMatchObject({ ok: true, config: { chatwoot: null } });
    expect(loadConfig({ TAGTEAM_CHATWOOT_URL: "https://chat.example.com" })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^TAGTEAM_CHATWOOT_API_TOKEN: .*go together/)],
    });
    expect(loadConfig({ TAGTEAM_CHATWOOT_API_TOKEN: "t" })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^TAGTEAM_CHATWOOT_URL: .*go together/)],
    });
    const bad = loadConfig({
      TAGTEAM_CHATWOOT_URL: "ftp://chat.example.com",
      TAGTEAM_CHATWOOT_API_TOKEN: "t",
    });
    expect(bad).toMatchObject({ ok: false, problems: [expect.stringMatching(/^TAGTEAM_CHATWOOT_URL: /)] });
  });

  it("turns the language model on with a URL and a model, and names the variable that is wrong", () => {
    expect(loadConfig({})).toMatchObject({ ok: true, config: { llm: null } });
    expect(
      loadConfig({ TAGTEAM_LLM_URL: "http://127.0.0.1:8080/v1/", TAGTEAM_LLM_MODEL: "qwen2.5-7b-instruct" }),
    ).toMatchObject({
      ok: true,
      config: {
        llm: { url: "http://127.0.0.1:8080/v1", model: "qwen2.5-7b-instruct", apiKey: null, timeoutMs: 5000 },
      },
    });
    expect(
      loadConfig({
        TAGTEAM_LLM_URL: "https://llm.example.com/v1",
        TAGTEAM_LLM_MODEL: "m",
        TAGTEAM_LLM_API_KEY: "sk-x",
        TAGTEAM_LLM_TIMEOUT_MS: "8000",
      }),
    ).toMatchObject({ ok: true, config: { llm: { apiKey: "sk-x", timeoutMs: 8000 } } });
    expect(loadConfig({ TAGTEAM_LLM_URL: "http://127.0.0.1:8080/v1" })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^TAGTEAM_LLM_MODEL: is required when TAGTEAM_LLM_URL is set/)],
    });
    expect(loadConfig({ TAGTEAM_LLM_API_KEY: "sk-x" })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^TAGTEAM_LLM_URL: is not set, but TAGTEAM_LLM_API_KEY is/)],
    });
    const bad = loadConfig({
      TAGTEAM_LLM_URL: "localhost:8080",
      TAGTEAM_LLM_MODEL: "m",
      TAGTEAM_LLM_TIMEOUT_MS: "soon",
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => p.split(":")[0]).sort()).toEqual([
      "TAGTEAM_LLM_TIMEOUT_MS",
      "TAGTEAM_LLM_URL",
    ]);
    // The key is never echoed in a problem.
    const secret = loadConfig({ TAGTEAM_LLM_API_KEY: "sk-very-secret" });
    expect(JSON.stringify(secret)).not.toContain("sk-very-secret");
  });

  it("retries deliveries from 1 s up to a minute, polling every 5 s; the cap is not under the base", () => {
    expect(loadConfig({})).toMatchObject({
      ok: true,
      config: { deliveries: { retryBaseMs: 1_000, retryMaxMs: 60_000, pollMs: 5_000 } },
    });
    const result = loadConfig({
      TAGTEAM_DELIVERY_RETRY_BASE_MS: "5000",
      TAGTEAM_DELIVERY_RETRY_MAX_MS: "1000",
      TAGTEAM_DELIVERY_POLL_MS: "0",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(":")[0]).sort()).toEqual([
      "TAGTEAM_DELIVERY_POLL_MS",
      "TAGTEAM_DELIVERY_RETRY_MAX_MS",
    ]);
  });

  it("keeps an alert worth posting for 15 minutes and a Chatwoot note for 24 hours; other ages are checked", () => {
    expect(loadConfig({})).toMatchObject({
      ok: true,
      config: { deliveries: { alertWebhookMaxAgeMs: 900_000, chatwootNoteMaxAgeMs: 86_400_000 } },
    });
    expect(
      loadConfig({ TAGTEAM_ALERT_WEBHOOK_MAX_AGE_MS: "60000", TAGTEAM_CHATWOOT_NOTE_MAX_AGE_MS: "3600000" }),
    ).toMatchObject({
      ok: true,
      config: { deliveries: { alertWebhookMaxAgeMs: 60_000, chatwootNoteMaxAgeMs: 3_600_000 } },
    });
    for (const [value, message] of [
      ["soon", "must be a number of milliseconds"],
      ["1.5", "must be a whole number of milliseconds"],
      ["0", "must be at least 1000 (one second)"],
      ["2592000001", "must be at most 2592000000 (30 days)"],
    ]) {
      expect(
        loadConfig({ TAGTEAM_ALERT_WEBHOOK_MAX_AGE_MS: value, TAGTEAM_CHATWOOT_NOTE_MAX_AGE_MS: value }),
      ).toEqual({
        ok: false,
        problems: [
          `TAGTEAM_ALERT_WEBHOOK_MAX_AGE_MS: ${message}`,
          `TAGTEAM_CHATWOOT_NOTE_MAX_AGE_MS: ${message}`,
        ],
      });
    }
  });

  it("no longer reads TAGTEAM_DELIVERY_MAX_ATTEMPTS (an event is retried while it is still worth posting)", () => {
    expect(CONFIG_KEYS).not.toContain("TAGTEAM_DELIVERY_MAX_ATTEMPTS");
    expect(loadConfig({ TAGTEAM_DELIVERY_MAX_ATTEMPTS: "8" }).ok).toBe(true);
  });

  it("refuses an admin email without a password", () => {
    const result = loadConfig({ TAGTEAM_ADMIN_EMAIL: "admin@example.com" });
    expect(result).toMatchObject({ ok: false, problems: [expect.stringContaining("go together")] });
  });
});
