import type { ReactNode } from 'react';
import { CARD_CLASS } from '@/lib/ui';

type SectionCardProps = {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  headingLevel?: 2 | 3;
};

/** A titled section; the heading labels the region for screen-reader navigation. */
export function SectionCard({
  id,
  title,
  description,
  children,
  headingLevel = 2,
}: SectionCardProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={`${id}-title`} className={CARD_CLASS}>
      <Heading id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        {title}
      </Heading>
      {description ? <div className="mt-1 text-sm text-slate-700">{description}</div> : null}
      <div className="mt-4 space-y-4">{children}</div>
    </section>
  );
}
