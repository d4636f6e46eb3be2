// A readable plain-text rendering of prompt markdown + KaTeX for terminals
// (the CLI). Not a TeX engine: it covers the macros our prompts use.

const SYMBOLS: Record<string, string> = {
  times: '×',
  cdot: '·',
  lfloor: '⌊',
  rfloor: '⌋',
  lceil: '⌈',
  rceil: '⌉',
  star: '★',
  approx: '≈',
  // em spaces survive the whitespace squeeze below
  qquad: '\u2003\u2003',
  quad: '\u2003',
  ldots: '…',
  div: '÷',
};

function matrixToText(body: string): string {
  const rows = body
    .split('\\\\')
    .map((r) => r.split('&').map((c) => c.trim()).join(', '));
  return `[[${rows.map((r) => r.trim()).join('], [')}]]`;
}

export function texToText(tex: string): string {
  let s = tex;
  s = s.replace(/\\begin\{bmatrix\}([\s\S]*?)\\end\{bmatrix\}/g, (_, body: string) => matrixToText(body));
  s = s.replace(/\{,\}/g, ',');
  s = s.replace(/_\{([^{}]*)\}/g, '_$1').replace(/\^\{([^{}]*)\}/g, '^$1');
  s = s.replace(/\\(?:text|mathrm|operatorname)\{([^{}]*)\}/g, '$1');
  // innermost \frac first, repeatedly, so nested fractions unwind
  for (let i = 0; i < 5; i++) s = s.replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, '($1)/($2)');
  s = s.replace(/\\left|\\right/g, '');
  s = s.replace(/\\([A-Za-z]+)/g, (m, name: string) => SYMBOLS[name] ?? m);
  s = s.replace(/\\[,;!]/g, ' ').replace(/\\\{/g, '{').replace(/\\\}/g, '}');
  return s.replace(/[ \t]+/g, ' ').trim();
}

export function markdownToText(markdown: string): string {
  return markdown
    .replace(/\$\$([\s\S]+?)\$\$/g, (_, tex: string) => `\n    ${texToText(tex)}\n`)
    .replace(/\$([^$\n]+?)\$/g, (_, tex: string) => texToText(tex))
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\n{3,}/g, '\n\n');
}
