import { all, create, type MathNode } from 'mathjs/number';
import { msg, type Message, type MessageValue, type Text } from '../i18n/message';
import { renderText } from '../i18n/render';

// Formulas typed by instructors in the web editor ("floor((n + 2*p - k)/s) + 1")
// are evaluated by mathjs, never by eval/Function, in two layers of restriction:
// 1. a private instance of mathjs's number-only build (no units, BigNumbers,
//    complex numbers or matrices exist in it; sqrt(-1) is NaN) whose import,
//    createUnit, evaluate, parse, compile, simplify, derivative... throw (the
//    mathjs documentation's recipe for untrusted expressions);
// 2. before anything runs, the parsed tree is checked against a whitelist:
//    numbers, the exercise's parameter names, a few constants, the functions
//    below, arithmetic/comparison operators, parentheses and a ? b : c.
//    Anything else (assignments, function definitions, objects, matrices,
//    indexing, property access, strings, units, unknown names) is refused with
//    a message naming it.

export const ALLOWED_FUNCTIONS = [
  'abs', 'ceil', 'floor', 'round', 'fix', 'sign', 'sqrt', 'cbrt', 'pow', 'exp', 'log', 'log2', 'log10',
  'min', 'max', 'mod', 'sin', 'cos', 'tan', 'hypot',
] as const;
export const ALLOWED_CONSTANTS = ['pi', 'e'] as const;

const ALLOWED_OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'larger', 'smaller', 'largerEq', 'smallerEq', 'equal', 'unequal', 'and', 'or', 'not',
]);
const FUNCTIONS = new Set<string>(ALLOWED_FUNCTIONS);
const CONSTANTS = new Set<string>(ALLOWED_CONSTANTS);

const math = create(all, { predictable: true });
const parse = math.parse;
const disabled = (name: string) => () => {
  throw new Error(`${name} is disabled in formulas`);
};
math.import(
  Object.fromEntries(
    ['import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'simplifyConstant', 'simplifyCore', 'derivative', 'resolve', 'reviver', 'replacer', 'chain', 'parser'].map(
      (n) => [n, disabled(n)],
    ),
  ),
  { override: true },
);

/** `text` is the problem as data (messages/*.json authoring.formula), for the editor's language; `message` its English. */
export class FormulaError extends Error {
  constructor(readonly text: Text) {
    super(renderText(text));
  }
}

/** A sentence of authoring.formula in messages/*.json; mathjs's and the instructor's own words stay values. */
export const formulaText = (key: string, values?: Record<string, MessageValue>): Message => msg(`authoring.formula.${key}`, values);
const f = formulaText;

export type CompiledFormula = {
  source: string;
  /** parameter names the formula uses */
  symbols: string[];
  evaluate(scope: Record<string, number>): number;
};

/** Parse and check a formula; throws FormulaError naming what is not allowed. */
export function compileFormula(source: string, allowedSymbols: readonly string[]): CompiledFormula {
  if (source.trim() === '') throw new FormulaError(f('empty'));
  let tree: MathNode;
  try {
    tree = parse(source);
  } catch (e) {
    throw new FormulaError(f('cannotParse', { source, detail: (e as Error).message }));
  }
  const allowed = new Set(allowedSymbols);
  const used = new Set<string>();
  check(tree, allowed, used);
  const code = tree.compile();
  return {
    source,
    symbols: [...used],
    evaluate(scope) {
      const vars = new Map<string, number>();
      for (const name of used) {
        const v = scope[name];
        if (typeof v !== 'number') throw new FormulaError(f('noValue', { name }));
        vars.set(name, v);
      }
      const out: unknown = code.evaluate(vars);
      if (typeof out === 'boolean') return out ? 1 : 0;
      if (typeof out !== 'number') throw new FormulaError(f('notNumber', { source }));
      return out;
    },
  };
}

function check(node: MathNode, allowed: Set<string>, used: Set<string>): void {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode':
      if (typeof n.value !== 'number') throw new FormulaError(f('onlyNumbers', { value: String(JSON.stringify(n.value)) }));
      return;
    case 'SymbolNode': {
      const name = n.name as string;
      if (allowed.has(name)) used.add(name);
      else if (!CONSTANTS.has(name)) {
        const known = [...allowed, ...CONSTANTS].join(', ') || f('none');
        throw new FormulaError(f(FUNCTIONS.has(name) ? 'unknownFunctionSymbol' : 'unknownSymbol', { name, known }));
      }
      return;
    }
    case 'ParenthesisNode':
      return check(n.content as MathNode, allowed, used);
    case 'OperatorNode': {
      const fn = n.fn as string;
      if (!ALLOWED_OPERATORS.has(fn)) throw new FormulaError(f('operator', { op: n.op as string }));
      for (const arg of n.args as MathNode[]) check(arg, allowed, used);
      return;
    }
    case 'ConditionalNode':
      for (const part of [n.condition, n.trueExpr, n.falseExpr] as MathNode[]) check(part, allowed, used);
      return;
    case 'FunctionNode': {
      const fn = n.fn as MathNode & { name?: string };
      if (fn.type !== 'SymbolNode' || !fn.name || !FUNCTIONS.has(fn.name)) {
        const name = fn.type === 'SymbolNode' ? fn.name : fn.toString();
        throw new FormulaError(f('functionNotAllowed', { name: String(name), allowed: ALLOWED_FUNCTIONS.join(', ') }));
      }
      if (allowed.has(fn.name)) throw new FormulaError(f('paramAndFunction', { name: fn.name }));
      for (const arg of n.args as MathNode[]) check(arg, allowed, used);
      return;
    }
    default:
      throw new FormulaError(f('notAllowed', { what: describe(node.type) }));
  }
}

// mathjs node types an instructor may write by mistake, by what they look like (authoring.formula.nodes).
const NODE_NAMES = new Set(['AssignmentNode', 'FunctionAssignmentNode', 'AccessorNode', 'IndexNode', 'ArrayNode', 'ObjectNode', 'RangeNode', 'BlockNode']);

function describe(type: string): MessageValue {
  return NODE_NAMES.has(type) ? f(`nodes.${type}`) : type;
}

/** Names that cannot be parameters: they would shadow a function or constant. */
export function reservedName(name: string): boolean {
  return FUNCTIONS.has(name) || CONSTANTS.has(name);
}
