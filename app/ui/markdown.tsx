import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import type { Root as HastRoot, Element } from 'hast';

const FENCE = /^\s*(```|~~~)/;

/**
 * Course prompts write display math as in LaTeX: `$$…$$` on one line, or
 * opened with the formula on the same line and closed at the end of a later
 * one. remark-math reads the first as inline math (small, in the text) and the
 * second as a math block whose formula starts on the next line (swallowing the
 * rest of the page). Both are rewritten to the fenced form it reads as a block:
 * `$$`, the formula, `$$`, each on its own line. Code blocks are left alone.
 */
export function fenceDisplayMath(md: string): string {
  const lines = md.split('\n');
  const out: string[] = [];
  let inCode = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line)) inCode = !inCode;
    const open = inCode ? null : /^\s*\$\$(?!\$)(.*\S.*)$/.exec(line);
    if (open) {
      const first = open[1].trimEnd();
      if (first.endsWith('$$')) {
        out.push('$$', first.slice(0, -2), '$$');
        continue;
      }
      // A formula over several lines ends on a line ending with $$, before any blank line.
      let j = i + 1;
      while (j < lines.length && lines[j].trim() !== '' && !lines[j].trimEnd().endsWith('$$')) j++;
      if (j < lines.length && lines[j].trimEnd().endsWith('$$')) {
        out.push('$$', first, ...lines.slice(i + 1, j), lines[j].trimEnd().slice(0, -2), '$$');
        i = j;
        continue;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}

/**
 * A display formula wider than a phone scrolls sideways inside its own box;
 * a tab stop makes that box scrollable from the keyboard too (WCAG 2.1.1).
 */
function rehypeFocusableDisplayMath() {
  const visit = (node: HastRoot | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const cls = child.properties.className;
      if (Array.isArray(cls) && cls.includes('katex-display')) child.properties.tabIndex = 0;
      else visit(child);
    }
  };
  return (tree: HastRoot) => visit(tree);
}

/** Markdown (with GitHub tables, as the LeNet/AlexNet shape tables need) and $…$ / $$…$$ math rendered by KaTeX. */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkMath]} rehypePlugins={[rehypeKatex, rehypeFocusableDisplayMath]}>
        {fenceDisplayMath(children)}
      </ReactMarkdown>
    </div>
  );
}
