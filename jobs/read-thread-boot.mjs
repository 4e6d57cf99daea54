// A reading thread starts here: plain JavaScript that registers tsx, so the thread can load the project's
// TypeScript whichever way its parent was started (tsx, vitest, the CLI from another folder). The tsconfig
// is named because tsx would look for it, and so for the "~" alias, in the working folder. Once the thread's
// modules are loaded the hooks go again: left in place, they cost the thread a tenth of its speed.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const unregister = register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("./read-thread.ts");
await unregister();
