// A worker thread starts without the main thread's TypeScript loader: register tsx here, then load
// the worker's TypeScript side (pgliteWorkerThread.ts).
import { register } from "tsx/esm/api";

register();
await import("./pgliteWorkerThread.ts");
