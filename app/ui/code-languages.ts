import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';

export type Lang = 'python' | 'typescript' | 'javascript';

/** Highlighting per submission language, shared by the editor and the read-only viewer. */
export const LANGUAGE_EXTENSIONS = {
  python: [python()],
  typescript: [javascript({ typescript: true })],
  javascript: [javascript()],
};

export function languageExtensions(language: string) {
  return LANGUAGE_EXTENSIONS[(language in LANGUAGE_EXTENSIONS ? language : 'python') as Lang];
}
