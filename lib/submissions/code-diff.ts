import { structuredPatch } from 'diff';

// How a code submission changed since the attempt before, for the submission page.

export interface DiffLine {
  kind: 'add' | 'del' | 'same';
  text: string;
}
export interface DiffHunk {
  header: string;
  lines: DiffLine[];
}
export interface CodeDiff {
  previousId: string;
  previousAt: string;
  added: number;
  removed: number;
  hunks: DiffHunk[];
}

/** Line changes from `before` to `after`, in hunks with 3 lines of context. */
export function codeDiff(before: string, after: string): Pick<CodeDiff, 'added' | 'removed' | 'hunks'> {
  const patch = structuredPatch('previous', 'this', before, after, '', '', { context: 3 });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((h) => ({
    header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
    lines: h.lines
      .filter((l) => !l.startsWith('\\')) // "\ No newline at end of file"
      .map((l): DiffLine => {
        const kind = l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : 'same';
        if (kind === 'add') added++;
        if (kind === 'del') removed++;
        return { kind, text: l.slice(1) };
      }),
  }));
  return { added, removed, hunks };
}
