import type { LoaderFunctionArgs } from "@remix-run/node";
import { getHealth } from "~/models/health.server";

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    return Response.json(await getHealth(context.db, context.dbKind), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return Response.json(
      { ok: false, database: context.dbKind, error: error instanceof Error ? error.message : String(error) },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
