import { simpleParser } from 'mailparser';
import { inject } from 'vitest';

/** One message the mail stack's SMTP server accepted, as its control endpoint reports it. */
export type AcceptedMessage = {
  authUser: string;
  mailFrom: string;
  recipients: string[];
  raw: Buffer;
};

/** Everything the mail stack's SMTP server accepted (the newest 10,000). */
export async function readSink(): Promise<AcceptedMessage[]> {
  const response = await fetch(`${inject('mailControlUrl')}/_control/sink`);
  const body = (await response.json()) as {
    messages: Array<Omit<AcceptedMessage, 'raw'> & { rawBase64: string }>;
  };
  return body.messages.map(({ rawBase64, ...message }) => ({
    ...message,
    raw: Buffer.from(rawBase64, 'base64'),
  }));
}

/** How often each subject that starts with `tag` was accepted, read by mailparser. */
export async function countDeliveriesBySubject(tag: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const message of await readSink()) {
    // A cheap filter first: the sink holds every other test's mail too.
    if (!message.raw.includes(tag)) {
      continue;
    }
    const subject = (await simpleParser(message.raw)).subject ?? '';
    if (subject.startsWith(tag)) {
      counts.set(subject, (counts.get(subject) ?? 0) + 1);
    }
  }
  return counts;
}

/** Grants `sender` Exchange's "Send As" for `address` at the mail stack's SMTP server. */
export async function allowSendAs(address: string, sender: string): Promise<void> {
  const response = await fetch(`${inject('mailControlUrl')}/_control/send-as`, {
    method: 'POST',
    body: JSON.stringify({ address, sender }),
  });
  if (!response.ok) {
    throw new Error(`send-as grant failed: ${response.status}`);
  }
}
