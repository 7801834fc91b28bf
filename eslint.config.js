// Lint: typescript-eslint's recommended rules, no `any`, and the import boundaries of the layout
// (docs/ARCHITECTURE.md): which folder of src/ may import which is checked here, not hoped for.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Import patterns a folder must not use, with the reason shown to whoever breaks the rule. */
const forbid = (groups, message) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ["node_modules", "dist", "data", "coverage", "docs/screenshots", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    files: ["bin/**/*.mjs", "eslint.config.js", ".ci/**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    // The engine is pure: no I/O, no clock, no randomness, no environment, no other layer.
    files: ["src/engine/**/*.ts"],
    rules: {
      ...forbid(
        [
          "**/store/**",
          "**/server/**",
          "**/web/**",
          "**/cli/**",
          "**/protocol/**",
          "node:*",
          "fs",
          "path",
          "os",
          "child_process",
          "net",
          "http",
          "https",
          "pg",
          "@electric-sql/*",
          "fastify",
          "ws",
        ],
        "src/engine is pure: data in, data out (see src/engine/SPEC.md).",
      ),
      "no-restricted-globals": ["error", "process", "setTimeout", "setInterval", "fetch", "require"],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "The engine takes time as data." },
        { object: "Math", property: "random", message: "The engine is deterministic." },
        { object: "performance", property: "now", message: "The engine takes time as data." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "The engine takes time as data.",
        },
      ],
    },
  },
  {
    files: ["src/protocol/**/*.ts"],
    rules: {
      ...forbid(
        ["**/store/**", "**/server/**", "**/web/**", "**/cli/**", "node:*"],
        "src/protocol is shared by server, web and cli; it depends on nothing but zod and the engine's types.",
      ),
      // Runs in the browser and in Node alike (the transcript splitter and checker too): neither's own globals.
      "no-restricted-globals": [
        "error",
        ...["window", "document", "navigator", "localStorage", "Blob", "File", "FileReader"].map((name) => ({
          name,
          message: "src/protocol also runs in Node: no DOM.",
        })),
        ...["process", "Buffer", "require", "__dirname", "__filename"].map((name) => ({
          name,
          message: "src/protocol also runs in the browser: no Node.",
        })),
      ],
    },
  },
  {
    files: ["src/store/**/*.ts"],
    rules: forbid(
      ["**/server/**", "**/web/**", "**/cli/**"],
      "src/store knows nothing of the server, web or cli.",
    ),
  },
  {
    files: ["src/web/**/*.ts", "src/web/**/*.tsx"],
    rules: forbid(
      ["**/server/**", "**/store/**", "**/cli/**", "node:*", "pg", "@electric-sql/*"],
      "src/web talks to the server only over HTTP and WebSocket, through src/protocol.",
    ),
  },
  {
    files: ["src/cli/**/*.ts"],
    rules: forbid(
      ["**/server/**", "**/store/**", "**/web/**"],
      "src/cli talks to a server only over HTTP; offline it uses the engine directly.",
    ),
  },
);
