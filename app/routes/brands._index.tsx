import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";

/** The brand pages the switcher can keep a person on; anything else lands on the overview. */
const SECTIONS = new Set(["mentions", "sources", "import", "settings"]);

/** Target of the brand switcher's GET form: /brands?id=3&section=mentions → /brands/3/mentions. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const id = Number(params.get("id"));
  if (!Number.isInteger(id) || id <= 0) return redirect("/");
  const section = params.get("section") ?? "";
  return redirect(SECTIONS.has(section) ? `/brands/${id}/${section}` : `/brands/${id}`);
}
