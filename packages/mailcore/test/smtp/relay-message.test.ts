import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMessage, buildRelayMessage } from '../../src/smtp/index.ts';

const RELAY = {
  relayAddress: 'mueller.bau-firma@relay.postwerk.example',
  externalAddress: 'mueller@bau-firma.de',
  displayName: 'Müller, Jürgen',
  to: ['kunde@example.com'],
  subject: 'Angebot für Ihre Baustelle',
  text: 'Guten Tag,\nanbei das Angebot.\n.\nGrüße',
};

describe('buildRelayMessage', () => {
  it('round-trips "Müller, Jürgen" through mailparser as one name and address', async () => {
    const built = await buildRelayMessage(RELAY);

    const parsed = await simpleParser(built.raw);
    expect(parsed.from?.value).toEqual([
      { name: 'Müller, Jürgen', address: 'mueller@bau-firma.de' },
    ]);
    expect(parsed.replyTo?.value).toEqual([
      { name: 'Müller, Jürgen', address: 'mueller@bau-firma.de' },
    ]);
  });

  it('encodes the non-ASCII display name as an RFC 2047 encoded word', async () => {
    const built = await buildRelayMessage(RELAY);

    const fromLine = built.raw
      .toString('latin1')
      .split('\r\n')
      .find((line) => line.startsWith('From: '));
    expect(fromLine).toMatch(/^From: =\?UTF-8\?[QB]\?[^ ]+\?= <mueller@bau-firma\.de>$/);
    expect(built.raw.every((byte) => byte < 0x80)).toBe(true);
  });

  it('quotes an ASCII display name that contains a comma', async () => {
    const built = await buildRelayMessage({ ...RELAY, displayName: 'Mueller, Juergen' });

    expect(built.raw.toString('latin1')).toContain(
      'From: "Mueller, Juergen" <mueller@bau-firma.de>',
    );
    const parsed = await simpleParser(built.raw);
    expect(parsed.from?.value[0]?.name).toBe('Mueller, Juergen');
  });

  it('uses the relay address as envelope sender and the recipients as envelope', async () => {
    const built = await buildRelayMessage({
      ...RELAY,
      cc: ['cc@example.com'],
      bcc: ['bcc@example.com'],
    });

    expect(built.envelope).toEqual({
      from: RELAY.relayAddress,
      to: ['kunde@example.com', 'cc@example.com', 'bcc@example.com'],
    });
    expect(built.raw.toString('latin1')).not.toContain('bcc@example.com');
    expect(built.raw.toString('latin1')).not.toContain(RELAY.relayAddress);
  });

  it('keeps the subject, the text and attachments intact', async () => {
    const attachment = { filename: 'Aufmaß.pdf', content: Buffer.from('%PDF-1.4 fake') };
    const built = await buildRelayMessage({
      ...RELAY,
      html: '<p>Guten Tag</p>',
      attachments: [attachment],
    });

    const parsed = await simpleParser(built.raw);
    expect(parsed.subject).toBe(RELAY.subject);
    expect(parsed.text?.trim()).toBe(RELAY.text);
    expect(parsed.html).toContain('<p>Guten Tag</p>');
    expect(parsed.attachments[0]?.filename).toBe('Aufmaß.pdf');
    expect(parsed.attachments[0]?.content.toString()).toBe('%PDF-1.4 fake');
    expect(parsed.messageId).toBe(built.messageId);
  });
});

describe('buildMessage', () => {
  it('refuses attachments given as a file path', async () => {
    const input = {
      from: 'a@bau-firma.de',
      to: ['b@example.com'],
      subject: 's',
      text: 't',
      attachments: [{ filename: 'passwd', path: '/etc/passwd' }],
    };

    await expect(buildMessage(input as never)).rejects.toThrow();
  });

  it('uses the From address as envelope sender by default', async () => {
    const built = await buildMessage({
      from: { name: 'Büro', address: 'buero@bau-firma.de' },
      to: ['b@example.com'],
      subject: 's',
      text: 't',
    });

    expect(built.envelope).toEqual({ from: 'buero@bau-firma.de', to: ['b@example.com'] });
    expect(built.messageId).toMatch(/^<.+@.+>$/);
  });
});
