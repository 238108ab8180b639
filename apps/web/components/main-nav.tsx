'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { ROUTES } from '@/lib/routes';

const ITEMS = [
  { href: ROUTES.overview, key: 'overview' },
  { href: ROUTES.companies, key: 'companies' },
  { href: ROUTES.mailboxes, key: 'mailboxes' },
  { href: ROUTES.servers, key: 'servers' },
  { href: ROUTES.sessionLogs, key: 'sessionLogs' },
  { href: ROUTES.settings, key: 'settings' },
] as const;

const LINK_BASE =
  'block rounded-md px-3 py-2 text-sm font-medium ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700';

export function MainNav() {
  const t = useTranslations('nav');
  const pathname = usePathname();

  return (
    <nav aria-label={t('label')} className="w-full">
      <ul className="flex flex-wrap gap-1">
        {ITEMS.map((item) => {
          const isCurrent = isActive(pathname, item.href);
          const tone = isCurrent
            ? 'bg-blue-700 text-white'
            : 'text-slate-800 hover:bg-slate-100 hover:text-slate-950';
          return (
            <li key={item.key}>
              <Link
                href={item.href}
                aria-current={isCurrent ? 'page' : undefined}
                className={`${LINK_BASE} ${tone}`}
              >
                {t(item.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Sections stay highlighted on their sub-pages (a mailbox card belongs to Postfächer). */
function isActive(pathname: string, href: string): boolean {
  if (href === ROUTES.overview) {
    return pathname === href;
  }
  return pathname === href || pathname.startsWith(`${href}/`);
}
