import { describe, expect, it } from 'vitest';
import {
  describeMailboxContents,
  formatBytesDe,
  formatLocalTime,
} from '../src/jobs/settings-test/step-texts.ts';

// The test steps read "0 Nachricht(en), 0 Bytes" and the test mail's subject carried UTC
// time while the portal shows Berlin time.
describe('settings test step texts', () => {
  it('counts messages in proper German plurals, sizes in the portal units', () => {
    expect(describeMailboxContents(0, 0)).toBe('0 Nachrichten, 0 Bytes');
    expect(describeMailboxContents(1, 1)).toBe('1 Nachricht, 1 Byte');
    expect(describeMailboxContents(3, 3482)).toBe('3 Nachrichten, 3,4 KB');
    expect(describeMailboxContents(1200, 5 * 1024 * 1024)).toBe('1.200 Nachrichten, 5 MB');
    expect(formatBytesDe(3482)).toBe('3.482 Bytes');
  });

  it('writes the time in the portal’s zone, summer and winter', () => {
    expect(formatLocalTime(new Date('2026-12-04T08:12:05Z'))).toBe('04.12.2026, 09:12:05');
    expect(formatLocalTime(new Date('2026-07-01T08:12:05Z'))).toBe('01.07.2026, 10:12:05');
  });
});
