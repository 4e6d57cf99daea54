import type { AppLoadContext } from "@remix-run/node";
import type { Role } from "~/db/schema";
import { requireUser } from "./auth.server";
import { parseId } from "./core/params";
import { isPushedKind } from "./core/source-kinds";
import { getBrand, listBrandsForUser } from "./models/brands.server";
import { getSource, type Source } from "./models/sources.server";

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

/**
 * The brand's source with this id, or a 404: another brand's source id is simply not found, with no hint
 * that it exists. `collected` also turns away pushed sources (CSV, API), which have nothing to collect.
 */
export async function requireBrandSource(context: AppLoadContext, brandId: number, raw: string | undefined, { collected = false } = {}): Promise<Source> {
  const id = parseId(raw);
  const source = id ? await getSource(context.db, id) : undefined;
  if (!source || source.brandId !== brandId || (collected && isPushedKind(source.kind))) {
    throw new Response(collected ? "No collected source with that id for this brand" : "No source with that id for this brand", { status: 404 });
  }
  return source;
}
