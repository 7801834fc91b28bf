import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyBaseLogger } from "fastify";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../metrics.ts";
import { redactText } from "../loop2/redaction.ts";
import { cleanAnswer, createLlmClient, readContent, renderPrompt } from "./client.ts";

describe("language model client: reading answers", () => {
  it("reads choices[0].message.content as a string, as text parts, or a legacy text", () => {
    expect(readContent({ choices: [{ message: { content: "Say sorry." } }] })).toBe("Say sorry.");
    expect(
      readContent({
        choices: [{ message: { content: [{ type: "text", text: "Say " }, { text: "sorry." }] } }],
      }),
    ).toBe("Say sorry.");
    expect(readContent({ choices: [{ text: "Legacy." }] })).toBe("Legacy.");
    for (const bad of [null, "x", {}, { choices: [] }, { choices: [null] }, { choices: [{ message: {} }] }])
      expect(readContent(bad)).toBeNull();
  });

  it("cleans an answer to one plain paragraph within the limit", () => {
    expect(cleanAnswer('<think>hmm, the customer…</think>\n\n**Whisper:** "Confirm the 30 days."', 100)).toBe(
      "Confirm the 30 days.",
    );
    expect(cleanAnswer("  \n ", 100)).toBe("");
    expect(cleanAnswer("First sentence here. Second sentence that runs on and on.", 40)).toBe(
      "First sentence here.",
    );
    expect(cleanAnswer("one long run without any stop at all", 12)).toBe("one long ru…");
    expect(cleanAnswer("Keep return_window as is.", 100)).toBe("Keep return_window as is.");
  });
});

describe("language model client: what is sent", () => {
  it("redacts every line of data, never the headings and labels", () => {
    const text = renderPrompt({
      knownNames: ["Nia Jones", "Nia", "Aaron"],
      parts: [
        { lines: [{ label: "Topic", text: "returns" }] },
        {
          heading: "Recent transcript, oldest first:",
          lines: [
            { label: "Customer", text: "I'm Nia Jones, write to nia@example.com or call +44 7700 900123" },
            { label: "Agent", text: "Hi Nia, Aaron here; card 4111 1111 1111 1111 noted" },
          ],
        },
      ],
    });
    expect(text).toBe(
      [
        "Topic: returns",
        "",
        "Recent transcript, oldest first:",
        "Customer: I'm [PERSON], write to [EMAIL] or call [PHONE]",
        "Agent: Hi [PERSON], [PERSON] here; card [CARD] noted",
      ].join("\n"),
    );
  });

  it("redacts a name that is also an everyday word however it is written (exports keep the word)", () => {
    // A teammate called Will Grant, written in lower case in a chat: exports keep "will" and
    // "grant" where not capitalised (redactText), but nothing of the name reaches the model.
    const line = "ask will grant, he said he will grant the refund";
    const text = renderPrompt({
      knownNames: ["Will Grant", "Will", "Grant"],
      parts: [{ lines: [{ label: "Agent", text: line }] }],
    });
    expect(text).toBe("Agent: ask [PERSON], he said he [PERSON] the refund");
    expect(redactText(line, ["Will Grant", "Will", "Grant"])).toBe(line);
  });
});

describe("language model client: failures", () => {
  it("reports a refused connection as a network error with its code, counted and logged without the key", async () => {
    const metrics = createMetrics();
    const warnings: unknown[] = [];
    const log = { warn: (...args: unknown[]) => void warnings.push(args) } as unknown as FastifyBaseLogger;
    // A port nobody listens on: taken, then released.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const client = createLlmClient(
      { url: `http://127.0.0.1:${port}/v1`, model: "m", apiKey: "sk-never-logged", timeoutMs: 2000 },
      { metrics, log },
    );
    const result = await client.complete("whisper_draft", {
      system: "s",
      parts: [{ lines: [{ text: "hello" }] }],
      knownNames: [],
      maxTokens: 10,
      maxChars: 100,
    });
    expect(result).toEqual({ ok: false, failure: "network_error", reason: "ECONNREFUSED" });
    expect(await metrics.registry.getSingleMetricAsString("tagteam_llm_requests_total")).toContain(
      'tagteam_llm_requests_total{purpose="whisper_draft",outcome="network_error"} 1',
    );
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain("sk-never-logged");
    expect(JSON.stringify(warnings)).not.toContain("hello");
  });
});
