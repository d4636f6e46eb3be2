'use client';
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

/**
 * Re-fetches the page's server data every few seconds while `active` (some
 * submission on it is queued or running), so statuses, scores and history
 * change by themselves when a worker finishes; idle pages cost nothing.
 */
export function RefreshWhile({ active, everyMs = 2000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return null;
}
