import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Markdown } from '../../../app/ui/markdown';
import fs from 'node:fs';
import path from 'node:path';
import { getVariant } from '../../helpers/exercises';
import { exercisesRoot } from '../../../lib/exercises/load';

// Prompts are Markdown with KaTeX: what a student reads must be rendered, not raw syntax.
const render = (md: string) => renderToStaticMarkup(createElement(Markdown, { children: md }));

describe('Markdown', () => {
  it('renders the LeNet shape table as a table', () => {
    const html = render(getVariant('lenet-shapes', 'student-1').prompt);
    expect(html).toContain('<table>');
    expect(html).not.toMatch(/\|\s*-{3,}/);
  });
  it('renders inline and display math with KaTeX', () => {
    const html = render('Output $\\lfloor (H - k)/s \\rfloor + 1$\n\n$$\nO = \\frac{H + 2p - k}{s} + 1\n$$');
    expect(html).toContain('class="katex"');
    expect(html).toContain('katex-display');
    expect(html).toContain('<math'); // MathML for screen readers beside the HTML rendering
  });
});

describe('Markdown display math', () => {
  const displays = (html: string) => (html.match(/class="katex-display"/g) ?? []).length;
  it('shows $$…$$ on one line as a display block, as the course prompts write it', () => {
    const html = render('The size:\n\n$$H_{out} = \\frac{H_{in} - k}{s} + 1$$\n\nand inline $k$.');
    expect(displays(html)).toBe(1);
    expect(html.match(/class="katex"/g)).toHaveLength(2);
    // A formula wider than a phone scrolls in its own box, reachable by keyboard.
    expect(html).toMatch(/<span class="katex-display" tabindex="0">/);
  });
  it('keeps a $$ formula spread over several lines whole, as one display block', () => {
    const html = render('$$\\frac{a}{b},\\qquad\nc = d$$\n\nAfter.');
    expect(displays(html)).toBe(1);
    expect(html).toContain('<p>After.</p>');
  });
  it('leaves single-dollar math inline', () => {
    expect(displays(render('Stride $s$ and padding $p$.'))).toBe(0);
  });
  it('leaves $$ inside a code block as code', () => {
    const html = render('```\n$$x$$\n```');
    expect(displays(html)).toBe(0);
    expect(html).toContain('$$x$$');
  });
  it('renders the softmax prompt\'s four-part formula as one block and the text after it as text', () => {
    const prompt = fs.readFileSync(path.join(exercisesRoot(), 'softmax', 'prompt.md'), 'utf8');
    const html = render(prompt);
    expect(displays(html)).toBe(1);
    expect(html).toContain('<strong>before</strong>');
  });
});
