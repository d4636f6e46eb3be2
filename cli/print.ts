// The CLI's one way to print text that may come from a student (program output, test
// messages, file names): terminal control characters are shown escaped, never sent.
// Otherwise a submission could print ANSI/OSC sequences that clear the instructor's
// screen, set the window title, write to the clipboard (OSC 52), or use a carriage
// return to draw a fake "Score: 10 / 10" line over the real one.

// C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI on some
// terminals), line/paragraph separators and bidirectional overrides, which can make
// text read differently from what it is
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\r') return '\\r';
    if (c === '\u001b') return '\\e';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** console.log with control characters escaped */
export function printSafe(...parts: string[]): void {
  console.log(escapeControl(parts.join(' ')));
}

/**
 * JSON for the terminal: JSON.stringify already escapes C0 controls, not DEL, C1 or
 * the Unicode ones above; those become \u escapes, so the text is still the same JSON.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
