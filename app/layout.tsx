import type { ReactNode } from 'react';
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import 'katex/dist/katex.min.css';
import './globals.css';
import { currentUser } from '@/lib/auth/session';
import { parseTheme, THEME_COOKIE } from '@/lib/theme';
import { SiteHeader } from './ui/site-header';

// Every page depends on the signed-in user: nothing is prerendered at build time.
export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('meta');
  // Each page names itself; the tab reads "Exercises · ConvGrade".
  return { title: { template: '%s · ConvGrade', default: 'ConvGrade' }, description: t('description') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [user, locale, jar] = await Promise.all([currentUser(), getLocale(), cookies()]);
  const theme = parseTheme(jar.get(THEME_COOKIE)?.value);
  return (
    <html lang={locale} data-theme={theme ?? undefined}>
      <body>
        <NextIntlClientProvider>
          <SiteHeader user={user} theme={theme} />
          <main id="main">{children}</main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
