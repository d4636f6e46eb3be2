// Trusted harness, run inside the sandbox next to the student's submission.mjs
// (already transpiled, in a box of its own, with an inline source map to their file).
// stdin: a per-run nonce line, a header line (names the file must export, number of
// cases, output budget), then one line per case with its inputs (never expected
// outputs). The grader sends less visible cases' lines only after the "case" event
// of the last more visible one, so while a case runs, no less visible inputs are in the box.
// Results go to fd 3, one line per event, each prefixed by the nonce.
// What the student's code prints (console.*, process.stdout/stderr.write) is sent as
// "output" events, so the grader knows which case printed it; anything written past
// them (fs.writeSync(1), a child process) reaches only instructors.
import fs from 'node:fs';
import readline from 'node:readline';

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
const nextLine = async () => {
  const r = await lines.next();
  return r.done ? undefined : r.value;
};
const nonce = (await nextLine()) ?? '';
const header = JSON.parse((await nextLine()) ?? '{}');

function emit(obj) {
  // an encoding error (JSON.stringify throws) is the caller's to handle
  const text = Buffer.from('\n' + nonce + JSON.stringify(obj) + '\n');
  try {
    let off = 0;
    while (off < text.length) off += fs.writeSync(3, text, off);
  } catch {
    // the submission closed or broke fd 3: it only loses its own results
  }
}

// process.stdout/stderr while the student's code runs; past the budget, text goes to
// the real stream, where the grader's output cap stops the box
let budget = header.outputChars ?? 0;
let pendingText = '';
const realWrite = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
function flushPrinted() {
  if (!pendingText) return;
  const text = pendingText;
  pendingText = '';
  const kept = text.slice(0, budget);
  budget -= kept.length;
  emit({ event: 'output', text: kept });
  if (kept.length < text.length) realWrite.out(text.slice(kept.length));
}
function printed(which) {
  return (chunk, encoding, cb) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (budget <= 0) return realWrite[which](text, encoding, cb);
    pendingText += text;
    if (pendingText.length >= 4096 || text.includes('\n')) flushPrinted();
    if (typeof encoding === 'function') encoding();
    else if (typeof cb === 'function') cb();
    return true;
  };
}
process.stdout.write = printed('out');
process.stderr.write = printed('err');

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

function typeName(v) {
  try {
    const name = v?.constructor?.name;
    return typeof name === 'string' ? name : typeof v;
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
  return { __type__: typeName(v) };
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
  flushPrinted();
  emit({ event: 'load-error', error: studentStack(e) });
  process.exit(0);
}
flushPrinted();
const missing = header.requires.filter((name) => typeof mod[name] !== 'function');
if (missing.length) {
  emit({ event: 'load-error', missing });
  process.exit(0);
}
compute += performance.now() - started;
emit({ event: 'loaded' });

for (let n = 0; n < header.cases; n++) {
  const line = await nextLine();
  if (line === undefined) process.exit(0); // the grader stopped sending cases
  const c = JSON.parse(line);
  let obj;
  // one event per step, so a later step that hangs or kills the box does not take
  // the earlier steps' results with it
  for (const [index, step] of c.steps.entries()) {
    started = performance.now();
    let value = null;
    try {
      if (step.op === 'new') obj = new mod[step.className](...step.args.map(arg));
      else if (step.op === 'call') value = await obj[step.method](...step.args.map(arg));
      else if (step.op === 'fn') value = await mod[step.name](...step.args.map(arg));
      else if (step.op === 'get') value = obj[step.attr];
      else if (step.op === 'set') obj[step.attr] = arg(step.value);
      else throw new Error(`unknown step ${step.op}`);
    } catch (e) {
      compute += performance.now() - started;
      flushPrinted();
      emit({ event: 'step', id: c.id, index, outcome: { error: studentStack(e) } });
      break;
    }
    compute += performance.now() - started;
    flushPrinted();
    let outcome;
    try {
      outcome = { ok: encode(value) };
      emit({ event: 'step', id: c.id, index, outcome });
    } catch {
      // a value that cannot be written as JSON is a wrong answer, not a broken channel
      const what = step.method ?? step.name ?? step.attr ?? step.className;
      emit({ event: 'step', id: c.id, index, outcome: { error: `${what}() returned an object of type ${typeName(value)} that cannot be compared` } });
      break;
    }
  }
  flushPrinted();
  emit({ event: 'case', id: c.id });
}
emit({ event: 'done', computeMs: Math.round(compute * 1000) / 1000 });
process.exit(0);
