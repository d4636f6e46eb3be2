import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Markdown } from '../../../app/ui/markdown';
import { getVariant } from '../../../lib/exercises/numeric';

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
