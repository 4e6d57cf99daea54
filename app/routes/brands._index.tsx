import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";

/** Target of the brand switcher's GET form: /brands?id=3 → /brands/3. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const id = Number(new URL(request.url).searchParams.get("id"));
  return redirect(Number.isInteger(id) && id > 0 ? `/brands/${id}` : "/");
}
