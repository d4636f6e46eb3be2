// A small lexer for similarity checking, not for compiling: it only has to
// turn two copies of the same program into the same token sequence however
// they were renamed, recommented or reformatted.
// - comments and whitespace vanish;
// - names become ID, except keywords and names right after a dot (attribute
//   and method names like .shape or np.zeros's "zeros", which a copier rarely
//   renames and which carry the algorithm);
// - numbers become NUM and strings STR (Python docstrings and f-strings too,
//   JS template literals whole);
// - everything else (operators, brackets) stays as written.
// Each token remembers where it was (0-based row and column) so matches can be
// shown as line ranges.

export type SimilarityLanguage = 'python' | 'typescript' | 'javascript';

export type Token = { text: string; row: number; col: number; endRow: number; endCol: number };

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'.split(' '),
);
const JS_KEYWORDS = new Set(
  'break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof let new of return super switch this throw try typeof var void while with yield async await static get set null undefined true false interface type enum implements private protected public readonly as number string boolean any unknown never'.split(
    ' ',
  ),
);
const PUNCT = [
  '>>>=', '**=', '//=', '...', '===', '!==', '>>=', '<<=', '>>>', '**', '//', '==', '!=', '<=', '>=', '&&', '||', '??', '?.',
  '=>', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', ':=', '<<', '>>', '++', '--',
];

export function tokenize(source: string, language: SimilarityLanguage): Token[] {
  const py = language === 'python';
  const keywords = py ? PY_KEYWORDS : JS_KEYWORDS;
  const tokens: Token[] = [];
  let i = 0;
  let row = 0;
  let col = 0;
  const advance = (n: number) => {
    for (let k = 0; k < n && i < source.length; k++, i++) {
      if (source[i] === '\n') {
        row += 1;
        col = 0;
      } else col += 1;
    }
  };
  const emit = (text: string, length: number) => {
    const start = { row, col };
    advance(length);
    tokens.push({ text, row: start.row, col: start.col, endRow: row, endCol: col });
  };
  const prevText = () => tokens[tokens.length - 1]?.text;

  while (i < source.length) {
    const c = source[i]!;
    const rest = source.slice(i, i + 4);
    if (/\s/.test(c) || (py && c === '\\' && source[i + 1] === '\n')) {
      advance(1);
      continue;
    }
    if ((py && c === '#') || (!py && rest.startsWith('//'))) {
      const nl = source.indexOf('\n', i);
      advance((nl < 0 ? source.length : nl) - i);
      continue;
    }
    if (!py && rest.startsWith('/*')) {
      const end = source.indexOf('*/', i + 2);
      advance((end < 0 ? source.length : end + 2) - i);
      continue;
    }
    const str = py ? pythonString(source, i) : jsString(source, i);
    if (str > 0) {
      emit('STR', str);
      continue;
    }
    const num = /^(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)[jJn]?/.exec(source.slice(i, i + 64));
    if (num && /[\d.]/.test(c) && num[0] !== '.') {
      emit('NUM', num[0].length);
      continue;
    }
    const ident = /^[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*/.exec(source.slice(i, i + 256));
    if (ident) {
      const word = ident[0];
      const afterDot = prevText() === '.' || prevText() === '?.';
      emit(keywords.has(word) || afterDot ? word : 'ID', word.length);
      continue;
    }
    const op = PUNCT.find((p) => source.startsWith(p, i));
    emit(op ?? c, op?.length ?? 1);
  }
  return tokens;
}

/** Length of a Python string literal starting at i (with r/b/f/u prefixes, triple quotes), or 0. */
function pythonString(s: string, i: number): number {
  const m = /^([rRbBfFuU]{0,2})('''|"""|'|")/.exec(s.slice(i, i + 5));
  if (!m) return 0;
  const quote = m[2]!;
  let j = i + m[0].length;
  while (j < s.length) {
    if (s[j] === '\\') j += 2;
    else if (s.startsWith(quote, j)) return j + quote.length - i;
    else if (quote.length === 1 && s[j] === '\n') return j - i; // unterminated: stop at the line end
    else j += 1;
  }
  return s.length - i;
}

/** Length of a JS/TS string or template literal starting at i, or 0. */
function jsString(s: string, i: number): number {
  const quote = s[i];
  if (quote !== '"' && quote !== "'" && quote !== '`') return 0;
  let j = i + 1;
  let depth = 0; // ${ ... } nesting inside a template
  while (j < s.length) {
    const ch = s[j]!;
    if (ch === '\\') j += 2;
    else if (quote === '`' && ch === '$' && s[j + 1] === '{') {
      depth += 1;
      j += 2;
    } else if (depth > 0 && ch === '}') {
      depth -= 1;
      j += 1;
    } else if (depth === 0 && ch === quote) return j + 1 - i;
    else if (quote !== '`' && ch === '\n') return j - i;
    else j += 1;
  }
  return s.length - i;
}
