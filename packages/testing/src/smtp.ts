import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  /** AUTH attempts, right or wrong. */
  readonly logins: number;
  /** Transactions refused with 451 (a temporary failure) before mail is accepted. */
  refuseNext(n: number): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server (nodemailer's smtp-server) on 127.0.0.1, without TLS, that takes mail only
 * after AUTH PLAIN/LOGIN with this user and password.
 */
export async function startSmtpReceiver(login: { user: string; password: string }): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let refusals = 0;
  let logins = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      logins += 1;
      if (auth.username === login.user && auth.password === login.password) cb(null, { user: login.user });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onMailFrom(_address, _session, cb) {
      if (refusals > 0) {
        refusals -= 1;
        cb(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      } else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    get logins() {
      return logins;
    },
    refuseNext: (n) => void (refusals = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
