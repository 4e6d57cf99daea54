import type { AppLoadContext } from "@remix-run/node";
import type { Role } from "~/db/schema";
import { requireUser } from "./auth.server";
import { parseId } from "./core/params";
import { getBrand, listBrandsForUser } from "./models/brands.server";

/**
 * What every brand page needs first: a user allowed to see this brand (with at least `role`), the brand
 * itself (404 for an id that is not one), and the brands for the switcher.
 */
export async function requireBrand(
  request: Request,
  context: AppLoadContext,
  rawBrandId: string | undefined,
  { role = "viewer" }: { role?: Role } = {},
) {
  const brandId = parseId(rawBrandId);
  if (!brandId) throw new Response("No brand with that id", { status: 404 });
  const user = await requireUser(request, context, { role, brandId });
  const brand = await getBrand(context.db, brandId);
  if (!brand) throw new Response("No brand with that id", { status: 404 });
  const brands = await listBrandsForUser(context.db, user);
  return { user, brand, brands: brands.map((b) => ({ id: b.id, name: b.name })) };
}
