// Finds references to the student's own file in tracebacks and compiler
// messages, so the page can link each to that line of the submitted code:
//   Python:      File "submission.py", line 12, in conv
//   JS/TS stack: at conv (submission.js:12:5)   (TypeScript via its source map)
//   esbuild:     submission.ts:3:5: error: ...
// Other files (the harness, libraries) are never linked: their lines are not
// in the student's code.

export type TextPart = { text: string; line?: number };

const REF = /File "submission\.(?:py|js|mjs|ts)", line (\d+)|submission\.(?:py|js|mjs|ts):(\d+)(?::\d+)?/g;

export function splitLineRefs(text: string, maxLine = Infinity): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(REF)) {
    const line = Number(m[1] ?? m[2]);
    if (!(line >= 1 && line <= maxLine)) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ text: m[0], line });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
