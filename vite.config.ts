// The web app's build: two pages from src/web (the staff app and the customer chat widget, built as
// separate bundles so nothing internal ships to customers) into dist/web, which the server serves.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL("./src/web", import.meta.url));
const API_TARGET = process.env.TAGTEAM_API ?? "http://127.0.0.1:3000";

/** Libraries in chunks of their own (docs/ARCHITECTURE.md, "Web bundle"). */
const VENDOR_CHUNKS = [
  { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  { name: "zod", test: /node_modules[\\/]zod[\\/]/ },
  { name: "tanstack-query", test: /node_modules[\\/]@tanstack[\\/](query-core|react-query)[\\/]/ },
  { name: "uplot", test: /node_modules[\\/]uplot[\\/]/ },
  { name: "papaparse", test: /node_modules[\\/]papaparse[\\/]/ },
];

/**
 * Writes a Brotli and a gzip copy beside each built script, stylesheet and page, which the server
 * sends to browsers that accept them (@fastify/static's `preCompressed`): compressed once, at the
 * best ratio, instead of on every request. Tiny files are left alone.
 */
function precompress(): Plugin {
  return {
    name: "tagteam-precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const dir = options.dir ?? "";
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|html)$/.test(file)) continue;
        const body = await readFile(join(dir, file));
        if (body.length < 1024) continue;
        const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
        await writeFile(join(dir, `${file}.br`), brotli);
        await writeFile(join(dir, `${file}.gz`), gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), precompress()],
  base: "/",
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      input: {
        app: `${root}/index.html`,
        widget: `${root}/widget.html`,
      },
      output: {
        // Each page is a lazy chunk (src/web/app/App.tsx); the big libraries get chunks of their
        // own, so a change to our code leaves them cached, and uPlot loads only with a chart.
        codeSplitting: { groups: VENDOR_CHUNKS },
      },
    },
  },
  server: {
    proxy: {
      "/api": { target: API_TARGET, changeOrigin: true },
      "/ws": { target: API_TARGET.replace(/^http/, "ws"), ws: true },
    },
  },
});
