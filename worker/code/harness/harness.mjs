// Trusted harness, run inside the sandbox next to the student's submission.mjs
// (already transpiled outside the box, with an inline source map to their file).
// stdin: a per-run nonce line, then the cases' inputs as JSON (never expected outputs).
// Results go to fd 3, one line per event, each prefixed by the nonce.
import fs from 'node:fs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const data = Buffer.concat(chunks).toString('utf8');
const nl = data.indexOf('\n');
const nonce = data.slice(0, nl);
const spec = JSON.parse(data.slice(nl + 1));

function emit(obj) {
  const text = Buffer.from('\n' + nonce + JSON.stringify(obj) + '\n');
  try {
    let off = 0;
    while (off < text.length) off += fs.writeSync(3, text, off);
  } catch {
    // the submission closed or broke fd 3: it only loses its own results
  }
}

function studentStack(e) {
  if (!(e instanceof Error)) return `thrown value: ${safeString(e)}`;
  const lines = String(e.stack ?? `${e.name}: ${e.message}`).split('\n');
  const head = [];
  let i = 0;
  for (; i < lines.length && !/^\s+at /.test(lines[i]); i++) head.push(lines[i]);
  const frames = lines.slice(i).filter((l) => l.includes('/box/submission.'));
  return [...head, ...frames].join('\n').replaceAll('file:///box/', '').replaceAll('/box/', '');
}

function safeString(v) {
  try {
    return String(v);
  } catch {
    return typeof v;
  }
}

function encode(v, depth = 0) {
  if (depth > 32) return { __type__: 'too deeply nested' };
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v, (x) => encode(Number(x), depth + 1));
  if (Array.isArray(v)) return Array.from(v, (x) => encode(x, depth + 1));
  return { __type__: v?.constructor?.name ?? typeof v };
}

// copies so the submission cannot keep references into our spec between steps
const arg = (v) => (v !== null && typeof v === 'object' ? structuredClone(v) : v);

emit({ event: 'ready' });
// time spent in the student's own code (loading it and each step), reported with
// 'done' so the grader's benchmark can tell sandbox overhead from student compute
let compute = 0;
let started = performance.now();
let mod;
try {
  mod = await import('/box/submission.mjs');
} catch (e) {
  emit({ event: 'load-error', error: studentStack(e) });
  process.exit(0);
}
const missing = spec.requires.filter((name) => typeof mod[name] !== 'function');
if (missing.length) {
  emit({ event: 'load-error', missing });
  process.exit(0);
}
compute += performance.now() - started;
emit({ event: 'loaded' });

for (const c of spec.cases) {
  let obj;
  // one event per step, so a later step that hangs or kills the box does not take
  // the earlier steps' results with it
  for (const [index, step] of c.steps.entries()) {
    started = performance.now();
    try {
      let value = null;
      if (step.op === 'new') obj = new mod[step.className](...step.args.map(arg));
      else if (step.op === 'call') value = await obj[step.method](...step.args.map(arg));
      else if (step.op === 'fn') value = await mod[step.name](...step.args.map(arg));
      else if (step.op === 'get') value = obj[step.attr];
      else if (step.op === 'set') obj[step.attr] = arg(step.value);
      else throw new Error(`unknown step ${step.op}`);
      compute += performance.now() - started;
      emit({ event: 'step', id: c.id, index, outcome: { ok: encode(value) } });
    } catch (e) {
      compute += performance.now() - started;
      emit({ event: 'step', id: c.id, index, outcome: { error: studentStack(e) } });
      break;
    }
  }
  emit({ event: 'case', id: c.id });
}
emit({ event: 'done', computeMs: Math.round(compute * 1000) / 1000 });
process.exit(0);
