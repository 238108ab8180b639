import { describe, expect, it } from 'vitest';
import { recommendSpf, relaxDmarc, txtRecord } from '../src/dns-records.ts';
import { verdictOf } from '../src/findings.ts';
import { senderLabel } from '../src/judge-spf.ts';
import { deriveSendingRoutes } from '../src/sending-routes.ts';

describe('deriveSendingRoutes', () => {
  it('sends everything over the relay when the tenant uses it, whatever servers exist', () => {
    expect(deriveSendingRoutes('RELAY', ['smtp.office365.com'])).toEqual([
      { route: 'RELAY', serverHost: '' },
    ]);
  });

  it('folds Microsoft’s hosts into one route and keeps each other host', () => {
    const routes = deriveSendingRoutes('EXTERNAL', [
      'Outlook.Office365.com',
      'smtp.office365.com',
      'mail.provider.example.',
      'mail.provider.example',
    ]);

    expect(routes).toEqual([
      { route: 'MICROSOFT_365', serverHost: '' },
      { route: 'OTHER_SMTP', serverHost: 'mail.provider.example' },
    ]);
  });

  it('has no route with external sending and no outgoing server', () => {
    expect(deriveSendingRoutes('EXTERNAL', [])).toEqual([]);
  });
});

describe('recommendSpf', () => {
  it('adds the route’s mechanism right after v=spf1 and keeps -all or ~all', () => {
    expect(recommendSpf('v=spf1 mx -all', 'include:relay.example')).toBe(
      'v=spf1 include:relay.example mx -all',
    );
    expect(recommendSpf('v=spf1 include:relay.example ~all', 'include:relay.example')).toBe(
      'v=spf1 include:relay.example ~all',
    );
  });

  it('turns +all, ?all and a missing all into ~all, but leaves a redirect alone', () => {
    expect(recommendSpf('v=spf1 +all', 'a:smtp.example')).toBe('v=spf1 a:smtp.example ~all');
    expect(recommendSpf('v=spf1 mx ?all', 'a:smtp.example')).toBe('v=spf1 a:smtp.example mx ~all');
    expect(recommendSpf('v=spf1 mx', 'a:smtp.example')).toBe('v=spf1 a:smtp.example mx ~all');
    expect(recommendSpf('v=spf1 redirect=_spf.example', 'a:smtp.example')).toBe(
      'v=spf1 a:smtp.example redirect=_spf.example',
    );
  });

  it('writes a new record ending in -all', () => {
    expect(recommendSpf(undefined, 'include:spf.protection.outlook.com')).toBe(
      'v=spf1 include:spf.protection.outlook.com -all',
    );
  });
});

describe('records', () => {
  it('splits TXT values longer than 255 characters into quoted strings', () => {
    const value = `v=spf1 ${'ip4:198.51.100.1 '.repeat(20)}-all`;

    const line = txtRecord('bau-firma.de', value);

    expect(line.startsWith('bau-firma.de. TXT "v=spf1 ')).toBe(true);
    expect(line.match(/"/g)).toHaveLength(4);
    expect(
      line
        .replace(/^.*? TXT /, '')
        .replace(/" "/g, '')
        .replaceAll('"', ''),
    ).toBe(value);
  });

  it('relaxes reject and quarantine, for the domain and its subdomains', () => {
    expect(relaxDmarc('v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@x.de')).toBe(
      'v=DMARC1; p=none; sp=none; rua=mailto:d@x.de',
    );
  });
});

describe('verdictOf', () => {
  it('lets the worst impact win and turns only OK and INFO into DELIVERED', () => {
    const finding = (impact: 'OK' | 'INFO' | 'LIKELY_SPAM' | 'ERROR') => ({
      area: 'SPF' as const,
      code: 'SPF_OK' as const,
      impact,
      message: '',
    });

    expect(verdictOf([finding('OK'), finding('INFO')])).toBe('DELIVERED');
    expect(verdictOf([finding('OK'), finding('LIKELY_SPAM')])).toBe('LIKELY_SPAM');
    expect(verdictOf([finding('LIKELY_SPAM'), finding('ERROR')])).toBe('ERROR');
  });
});

describe('senderLabel', () => {
  const other = { route: 'OTHER_SMTP', serverHost: 'smtp.provider.example' } as const;

  it('declines the article with the sentence: "für den Postausgangsserver", not "für der"', () => {
    expect(senderLabel(other, 'relay.example')).toBe(
      'der Postausgangsserver smtp.provider.example',
    );
    expect(senderLabel(other, 'relay.example', 'accusative')).toBe(
      'den Postausgangsserver smtp.provider.example',
    );
    expect(senderLabel({ route: 'RELAY', serverHost: '' }, 'relay.example', 'dative')).toBe(
      'dem Relay-Server (relay.example)',
    );
  });
});
