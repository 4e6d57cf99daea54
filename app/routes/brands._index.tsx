import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { BRAND_SECTIONS } from "~/components/app-shell";


/** Target of the brand switcher's GET form: /brands?id=3&section=mentions → /brands/3/mentions. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const id = Number(params.get("id"));
  if (!Number.isInteger(id) || id <= 0) return redirect("/");
  const section = params.get("section") ?? "";
  return redirect(BRAND_SECTIONS.includes(section) ? `/brands/${id}/${section}` : `/brands/${id}`);
}
