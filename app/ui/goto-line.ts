/** Event a traceback link sends to show a line of the submitted code (see code-viewer.tsx). */
export const GOTO_LINE_EVENT = 'convgrade:goto-line';

export function gotoLine(line: number) {
  window.dispatchEvent(new CustomEvent(GOTO_LINE_EVENT, { detail: line }));
}
