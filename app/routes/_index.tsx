import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { listBrandsForUser } from "~/models/brands.server";
import { countUsers } from "~/models/users.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if ((await countUsers(context.db)) === 0) return redirect("/onboarding");
  const user = await requireUser(request, context);
  const brands = await listBrandsForUser(context.db, user);
  if (brands[0]) return redirect(`/brands/${brands[0].id}`);
  if (user.role === "owner") return redirect("/brands/new");
  throw new Response("No brand is shared with you yet. Ask an owner of this Earshot to give you access.", { status: 403 });
}
