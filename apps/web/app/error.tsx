'use client';

import { PageError } from '@/components/page-error';

// Catches what the segment's own boundary cannot: a failing (portal) layout, e.g. when the
// session check cannot reach the API.
export default function RootError({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <PageError reset={reset} />
    </main>
  );
}
