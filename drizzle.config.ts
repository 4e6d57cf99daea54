import { defineConfig } from "drizzle-kit";

// Migrations are generated here and applied by the app itself at start (app/db/client.ts), the same files
// for the embedded PGlite and for PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./app/db/schema.ts",
  out: "./app/db/migrations",
});
