import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { listBrands } from "~/models/brands.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const brands = await listBrands(context.db);
  return redirect(brands[0] ? `/brands/${brands[0].id}` : "/onboarding");
}
