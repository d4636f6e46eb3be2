// The colour theme a reader picked with the header toggle; absent = follow prefers-color-scheme.
export const THEME_COOKIE = 'convgrade-theme';
export type Theme = 'light' | 'dark';

export function parseTheme(v: string | undefined | null): Theme | null {
  return v === 'light' || v === 'dark' ? v : null;
}
