import type { LoaderFunctionArgs } from "@remix-run/node";
import { getHealth } from "~/models/health.server";

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    return Response.json(await getHealth(context.db, context.dbKind), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error(`earshot: health check failed: ${error instanceof Error ? error.message : String(error)}`);
    return Response.json(
      // The reason goes to the log, not to whoever asks: this route needs no sign-in.
      { ok: false, database: context.dbKind, error: "the database did not answer" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
