'use client';
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale } from 'next-intl';
import { formatRelative } from '@/lib/course/time-display';

/**
 * "in 2 days 3 h" ("còn 2 ngày 3 giờ"), ticking. The server renders it with its own clock; the
 * browser takes over after hydration (hence suppressHydrationWarning). When
 * the instant passes the page's server data is refreshed, so "late" and
 * "closed" appear without a reload.
 */
export function Countdown({ to, serverNow, testId }: { to: string; serverNow: number; testId?: string }) {
  const router = useRouter();
  const locale = useLocale();
  const [now, setNow] = useState(serverNow);
  const target = Date.parse(to);
  useEffect(() => {
    setNow(Date.now());
    const passedAlready = Date.now() >= target;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (!passedAlready && t >= target) {
        clearInterval(timer);
        router.refresh();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [target, router]);
  return (
    <span suppressHydrationWarning data-testid={testId} className={target - now < 86_400_000 && target > now ? 'bad' : undefined}>
      {formatRelative(target, now, locale)}
    </span>
  );
}
