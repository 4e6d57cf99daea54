import type { Db } from "~/db/client";
import { createBrand, findBrandByName } from "~/models/brands.server";
import { createSource, listSources } from "~/models/sources.server";
import { BUSINESS } from "./content";
import type { DemoWorld } from "./world";

/** Creates the demo brand and points its sources at this world (ports change between runs). */
export async function setUpDemoBrand(db: Db, world: DemoWorld, { intervalSeconds = 10 } = {}) {
  const brand = (await findBrandByName(db, BUSINESS.name)) ?? (await createBrand(db, { name: BUSINESS.name, query: BUSINESS.query }));
  const existing = await listSources(db, { brandId: brand.id });
  const sources = [];
  for (const spec of world.sources()) {
    const found = existing.find((s) => s.url === spec.url);
    sources.push(found ?? (await createSource(db, { brandId: brand.id, ...spec, intervalSeconds })));
  }
  return { brand, sources };
}
