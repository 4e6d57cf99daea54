import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "~/mail.server";
import { createUser } from "~/models/users.server";
import * as users from "~/routes/settings.users";
import { callRoute, routeContext, sessionCookie } from "./helpers/route-context";
import { createTestDatabase } from "./setup/test-db";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server process on loopback that keeps what it is sent. */
async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString()));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.close();
  await database?.close();
});

describe("email over SMTP", () => {
  it("sends an invitation with its one-time link to the invited address", async () => {
    const context = routeContext(database.db, { mailer: createMailer(smtp.url, "Earshot <earshot@example.com>"), publicOrigin: "https://earshot.example.com" });
    const owner = await createUser(database.db, { email: "boss@example.com", password: "correct horse battery", role: "owner" });
    const result = await callRoute(users.action, {
      url: "/settings/users",
      method: "POST",
      cookie: await sessionCookie(context, owner.id),
      context,
      form: { intent: "invite", email: "newhire@example.com", role: "responder" },
    });
    expect(result.status).toBe(200);
    const link = (result.data as { link: string }).link;
    expect(link).toMatch(/^https:\/\/earshot\.example\.com\/invite\/[A-Za-z0-9_-]{40,}$/);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(["newhire@example.com"]);
    expect(mail.from).toBe("earshot@example.com");
    expect(mail.raw).toMatch(/^Subject: You are invited to Earshot\r?$/m);
    expect(mail.raw.replace(/=\r?\n/g, "")).toContain(link);
  });

  it("refuses a header with a line break instead of sending it", async () => {
    const mailer = createMailer(smtp.url, "Earshot <earshot@example.com>");
    const before = smtp.received.length;
    await expect(mailer.send({ to: "a@example.com", subject: "Hello\r\nBcc: victim@example.com", text: "x" })).rejects.toThrow(/single line/);
    expect(smtp.received.length).toBe(before);
  });
});
