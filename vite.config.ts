// The web app's build: two pages from src/web (the staff app and the customer chat widget, built as
// separate bundles so nothing internal ships to customers) into dist/web, which the server serves.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL("./src/web", import.meta.url));
const API_TARGET = process.env.TAGTEAM_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  root,
  plugins: [react()],
  base: "/",
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        app: `${root}/index.html`,
        widget: `${root}/widget.html`,
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
