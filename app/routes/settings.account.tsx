import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { AppShell } from "~/components/app-shell";
import { listBrandsForUser } from "~/models/brands.server";

export const meta: MetaFunction = () => [{ title: "Your account · Earshot" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const brands = await listBrandsForUser(context.db, user);
  return { user, brands: brands.map((b) => ({ id: b.id, name: b.name })) };
}

export default function Account() {
  const { user, brands } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} brands={brands}>
      <main className="page narrow">
        <h1>Your account</h1>
        <p>
          {user.email} — <strong>{user.role}</strong>
          {user.allBrands ? ", all brands" : `, ${brands.map((b) => b.name).join(", ") || "no brands yet"}`}
        </p>
        <Form method="post" action="/logout" className="panel stack">
          <input type="hidden" name="everywhere" value="1" />
          <p>Lost a device, or signed in somewhere you should not have? This signs you out of every browser.</p>
          <button type="submit">Sign out everywhere</button>
        </Form>
      </main>
    </AppShell>
  );
}
