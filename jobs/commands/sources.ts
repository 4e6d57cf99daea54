import { parseArgs } from "node:util";
import { parseId } from "~/core/params";
import { findBrandByName, getBrand } from "~/models/brands.server";
import { createSource, findSourceByUrl, listSources } from "~/models/sources.server";
import { isUniqueViolation } from "~/db/client";
import { getEnv } from "~/env.server";
import { previewSource } from "~/services/source-preview.server";
import { validateSourceInput } from "~/services/source-input.server";
import { UsageError, withCliDatabase, writeJson } from "./cli-db";
import type { Command } from "./types";

export const command: Command = {
  summary: "add or list sources",
  usage: "earshot sources add --brand <id|name> --kind <kind> --url <url> [--options JSON] [--every 15m] [--name NAME] | earshot sources list [--brand <id|name>]",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== "add" && sub !== "list") throw new UsageError(`expected "add" or "list", got ${JSON.stringify(sub ?? "")}`);
    const { values } = parseArgs({
      args: rest,
      options: { brand: { type: "string" }, kind: { type: "string" }, url: { type: "string" }, options: { type: "string" }, every: { type: "string" }, name: { type: "string" } },
    });
    if (sub === "add") {
      if (!values.brand) throw new UsageError("--brand is required");
      if (!values.kind) throw new UsageError("--kind is required");
    }
    const input = sub === "add" ? validateSourceInput({ kind: values.kind!, url: values.url, options: values.options, every: values.every, name: values.name }) : null;
    if (input && !input.ok) {
      for (const [field, messages] of Object.entries(input.errors)) io.stderr.write(`earshot sources add: --${field}: ${messages.join("; ")}\n`);
      return 2;
    }
    return withCliDatabase(async ({ db }) => {
      let brandId: number | undefined;
      if (values.brand) {
        const id = parseId(values.brand);
        const brand = (id ? await getBrand(db, id) : undefined) ?? (await findBrandByName(db, values.brand));
        if (!brand) {
          io.stderr.write(`earshot sources: --brand: expected a brand id or name, got ${JSON.stringify(values.brand)}, which matches none\n`);
          return 2;
        }
        brandId = brand.id;
      }
      if (sub === "list") {
        writeJson(io.stdout, await listSources(db, { brandId }));
        return 0;
      }
      const value = (input as Extract<typeof input, { ok: true }>).value;
      // The form refuses a second source at the same URL and a source it cannot read; so does this.
      const brand = (await getBrand(db, brandId!))!;
      const twin = await findSourceByUrl(db, { brandId: brand.id, url: value.url! });
      if (twin) {
        io.stderr.write(`earshot sources add: --url: ${brand.name} has a source at this URL already (source ${twin.id}); collecting it twice would count every mention twice\n`);
        return 2;
      }
      const preview = await previewSource(
        db,
        { kind: value.kind, url: value.url!, options: value.options, query: brand.query },
        { allowHosts: getEnv().FETCH_ALLOWLIST, now: new Date() },
      );
      if (!preview.ok) {
        io.stderr.write(`earshot sources add: --url: We could not read this source: ${preview.error}\n`);
        return 2;
      }
      let source;
      try {
        source = await createSource(db, { brandId: brandId!, ...value }, { actorId: null, now: new Date(), via: "cli" });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        io.stderr.write(`earshot sources add: --url: ${brand.name} has a source at this URL already (added a moment ago)\n`);
        return 2;
      }
      writeJson(io.stdout, source);
      return 0;
    });
  },
};
