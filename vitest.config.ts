import { defineConfig } from "vitest/config";

// A separate config so the Remix plugin (which wants a route tree) stays out of unit tests.
export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "jobs/**/*.test.ts", "tests/**/*.test.ts"],
    // PGlite costs ~800 MB and seconds to open per instance: two workers fit the 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
