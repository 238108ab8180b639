'use client';

import { PageError } from '@/components/page-error';

// A failing page keeps the shell around it.
export default function PortalError({ reset }: { error: Error; reset: () => void }) {
  return <PageError reset={reset} />;
}
