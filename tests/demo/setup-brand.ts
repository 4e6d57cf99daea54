import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "~/db/client";
import { users } from "~/db/schema";
import { createBrand, findBrandByName } from "~/models/brands.server";
import { createSource, listSources } from "~/models/sources.server";
import { createUser, findUserByEmail, hashPassword } from "~/models/users.server";
import { BUSINESS } from "./content";
import type { DemoWorld } from "./world";

export const DEMO_OWNER_EMAIL = "owner@demo.earshot.test";

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

/** The demo's owner account, with a fresh password each run (printed, never stored in clear). */
export async function setUpDemoOwner(db: Db): Promise<{ email: string; password: string }> {
  const password = randomBytes(9).toString("base64url");
  const existing = await findUserByEmail(db, DEMO_OWNER_EMAIL);
  if (existing) await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, existing.id));
  else await createUser(db, { email: DEMO_OWNER_EMAIL, password, name: "Demo owner", role: "owner" });
  return { email: DEMO_OWNER_EMAIL, password };
}
