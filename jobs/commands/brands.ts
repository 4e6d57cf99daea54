import { parseArgs } from "node:util";
import { brandName, brandQuery } from "~/core/forms";
import { createBrand, findBrandByName, listBrands } from "~/models/brands.server";
import { recordAudit } from "~/models/users.server";
import { UsageError, withCliDatabase, writeJson } from "./cli-db";
import type { Command } from "./types";

export const command: Command = {
  summary: "add or list brands",
  usage: "earshot brands add <name> --query '<query>' | earshot brands list",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === "list") return withCliDatabase(async ({ db }) => (writeJson(io.stdout, await listBrands(db)), 0));
    if (sub !== "add") throw new UsageError(`expected "add" or "list", got ${JSON.stringify(sub ?? "")}`);
    const { values, positionals } = parseArgs({ args: rest, options: { query: { type: "string" } }, allowPositionals: true });
    const name = brandName.safeParse(positionals.join(" "));
    const query = brandQuery.safeParse(values.query ?? "");
    const problems = [
      ...(name.success ? [] : name.error.issues.map((i) => `name: ${i.message}`)),
      ...(query.success ? [] : query.error.issues.map((i) => `--query: ${i.message}`)),
    ];
    if (!name.success || !query.success) {
      io.stderr.write(`earshot brands add: ${problems.join("; ")}\n`);
      return 2;
    }
    return withCliDatabase(async ({ db }) => {
      if (await findBrandByName(db, name.data)) {
        io.stderr.write(`earshot brands add: a brand called "${name.data}" exists already\n`);
        return 2;
      }
      const brand = await createBrand(db, { name: name.data, query: query.data });
      await recordAudit(db, { userId: null, action: "brand.create", entity: "brand", entityId: brand.id, after: { name: brand.name, query: brand.query, via: "cli" }, now: new Date() });
      writeJson(io.stdout, brand);
      return 0;
    });
  },
};
