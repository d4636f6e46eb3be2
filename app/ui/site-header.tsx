import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { SessionUser } from '@/lib/auth/roles';
import type { Theme } from '@/lib/theme';
import { NavMenu } from './nav-menu';
import { LanguageSwitch } from './language-switch';
import { ThemeToggle } from './theme-toggle';
import { SignOutButton } from './sign-out-button';

export async function SiteHeader({ user, theme }: { user: SessionUser | null; theme: Theme | null }) {
  const t = await getTranslations('header');
  return (
    <header className="nav">
      <a className="skip-link" href="#main">{t('skip')}</a>
      <Link href="/" className="brand">ConvGrade</Link>
      <NavMenu label={t('menu')}>
        {user && (
          <nav aria-label={t('mainNav')} className="nav-links">
            <Link href="/">{t('checklist')}</Link>
            <Link href="/exercises">{t('exercises')}</Link>
            <Link href="/leaderboard">{t('leaderboard')}</Link>
            {user.role === 'instructor' && <Link href="/instructor">{t('instructor')}</Link>}
          </nav>
        )}
        <div className="nav-tools">
          <LanguageSwitch />
          <ThemeToggle chosen={theme} />
          {user ? (
            <>
              <Link href="/profile" className="muted user-name" title={t('profile')}>{user.name} ({t(`role.${user.role}`)})</Link>
              <SignOutButton />
            </>
          ) : (
            <Link href="/signin">{t('signIn')}</Link>
          )}
        </div>
      </NavMenu>
    </header>
  );
}
