import type { NotifyMessage } from "./events";

export interface SmtpSettings {
  host: string;
  port: number;
  user: string | null;
  password: string | null;
  from: string;
  to: string[];
}

/** One message over SMTP: implicit TLS on 465, STARTTLS when the server offers it otherwise. */
export async function sendEmail(smtp: SmtpSettings, message: NotifyMessage): Promise<void> {
  // Loaded on the first email, not at every start of a command or the server (≈ 70 ms).
  const { default: nodemailer } = await import("nodemailer");
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.port === 465,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    await transport.sendMail({ from: smtp.from, to: smtp.to, subject: `[shoplake] ${message.subject}`, text: `${message.text}\n\n${JSON.stringify(message, null, 2)}\n` });
  } finally {
    transport.close();
  }
}
