import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { endUserSession, requireUser } from "~/auth.server";
import { deleteUserSessions } from "~/models/users.server";

// GET never changes state: signing out is a POST from the menu's form.
export async function loader(_: LoaderFunctionArgs) {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("everywhere") === "1") {
    const user = await requireUser(request, context);
    await deleteUserSessions(context.db, user.id);
  }
  return endUserSession(request, context);
}
