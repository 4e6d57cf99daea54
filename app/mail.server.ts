import nodemailer from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

const HEADER_UNSAFE = /[\r\n\u2028\u2029]/;

/**
 * Mail over real SMTP. Headers only ever carry our own words and validated addresses; CR/LF in either is
 * refused outright, because header injection has hit mail libraries before.
 */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      for (const [name, value] of [["to", mail.to], ["subject", mail.subject], ["from", from]] as const) {
        if (HEADER_UNSAFE.test(value)) throw new Error(`mail header ${name}: expected a single line, got one with a line break`);
      }
      const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      return { messageId: info.messageId };
    },
  };
}

/**
 * A link to put in an email: always on PUBLIC_URL, never on the request's Host header, which whoever sends
 * the request chooses. The environment check makes PUBLIC_URL required with SMTP; this makes the rule hold
 * wherever a mail is written.
 */
export function emailLink(publicOrigin: string | null, path: string): string {
  if (!publicOrigin) throw new Error("expected PUBLIC_URL to be set before Earshot sends links by email, got nothing");
  return `${publicOrigin}${path}`;
}

