'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { SessionLogLine } from '@/lib/api-types';
import { TABLE_CLASS, TD_CLASS, TH_CLASS } from '@/lib/ui';

const DIRECTION_TONES: Record<SessionLogLine['direction'], string> = {
  CLIENT: 'text-blue-900',
  SERVER: 'text-slate-900',
  INFO: 'text-slate-700 italic',
};

/** The dialogue line by line; credentials arrive already replaced by "[redacted]". */
export function SessionLines({ lines }: { lines: SessionLogLine[] }) {
  const t = useTranslations('sessionLog');
  const format = useFormatter();

  if (lines.length === 0) {
    return <p className="text-sm italic text-slate-700">{t('noLines')}</p>;
  }
  return (
    <div className="rounded-lg border border-slate-300 bg-white">
      <table className={`${TABLE_CLASS} table-fixed`}>
        <caption className="sr-only">{t('linesCaption', { count: lines.length })}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className={`${TH_CLASS} w-28`}>
              {t('time')}
            </th>
            <th scope="col" className={`${TH_CLASS} w-28`}>
              {t('direction')}
            </th>
            <th scope="col" className={TH_CLASS}>
              {t('line')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 font-mono text-xs">
          {lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a transcript never reorders
            <tr key={index} className={DIRECTION_TONES[line.direction]}>
              <td className={`${TD_CLASS} whitespace-nowrap`}>
                {format.dateTime(new Date(line.at), {
                  hour: '2-digit',
                  minute: '2-digit',
                  second: '2-digit',
                  fractionalSecondDigits: 3,
                })}
              </td>
              <td className={TD_CLASS}>{t(`directions.${line.direction}`)}</td>
              <td className={`${TD_CLASS} whitespace-pre-wrap break-all`}>{line.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
