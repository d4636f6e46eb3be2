# Trusted harness, run inside the sandbox next to the student's submission.py.
# stdin: a per-run nonce line, a header line (names the file must define, number of
# cases, output budget), then one line per case with its inputs (never expected
# outputs). The grader sends less visible cases' lines only after the "case" event
# of the last more visible one, so while a case runs, no less visible inputs are in the box.
# Results go to fd 3, one line per event, each prefixed by the nonce; the grader ignores
# anything else, so a submission printing look-alike JSON to stdout changes nothing.
# What the student's code prints (sys.stdout, sys.stderr) is sent as "output" events,
# so the grader knows which case printed it; anything written past them (straight to
# fd 1 or 2, by a child process) reaches only instructors.
import importlib.util
import io
import json
import math
import os
import sys
import time
import traceback

SUBMISSION = '/box/submission.py'
FLUSH_AT = 4096


def main():
    stdin = sys.stdin.buffer
    nonce = stdin.readline().decode().strip()
    header = json.loads(stdin.readline())
    sys.stdin = open(os.devnull)
    channel = os.fdopen(3, 'w', encoding='utf-8')

    def emit(obj):
        line = '\n' + nonce + json.dumps(obj, allow_nan=False) + '\n'  # an encoding error is the caller's to handle
        try:
            channel.write(line)
            channel.flush()
        except (OSError, ValueError):
            pass  # the submission closed or broke fd 3: it only loses its own results

    import numpy as np

    emit({'event': 'ready'})
    # after "ready": anything printed before it (a warning at numpy's import) would read as forged
    printed = Printed(emit, sys.__stdout__, header['outputChars'])
    sys.stdout = sys.stderr = printed
    # time spent in the student's own code (loading it and each step), reported with
    # 'done' so the grader's benchmark can tell sandbox overhead from student compute
    compute = 0.0
    started = time.perf_counter()
    try:
        module_spec = importlib.util.spec_from_file_location('submission', SUBMISSION)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules['submission'] = module
        module_spec.loader.exec_module(module)
    except BaseException as e:  # SyntaxError, ImportError, SystemExit at import...
        printed.flush()
        emit({'event': 'load-error', 'error': student_traceback(e)})
        return
    compute += time.perf_counter() - started
    printed.flush()
    missing = [name for name in header['requires'] if not hasattr(module, name)]
    if missing:
        emit({'event': 'load-error', 'missing': missing})
        return
    emit({'event': 'loaded'})

    def to_arg(v):
        # nested lists are tensors: give them to the student as float64 arrays, like the notes
        if isinstance(v, list):
            return np.array(v, dtype=np.float64)
        return v

    for _ in range(header['cases']):
        line = stdin.readline()
        if not line:
            return  # the grader stopped sending cases
        case = json.loads(line)
        obj = None
        # one event per step, so a later step that hangs or kills the box does not
        # take the earlier steps' results with it
        for index, step in enumerate(case['steps']):
            started = time.perf_counter()
            try:
                op = step['op']
                if op == 'new':
                    obj = getattr(module, step['className'])(*[to_arg(a) for a in step['args']])
                    value = None
                elif op == 'call':
                    value = getattr(obj, step['method'])(*[to_arg(a) for a in step['args']])
                elif op == 'fn':
                    value = getattr(module, step['name'])(*[to_arg(a) for a in step['args']])
                elif op == 'get':
                    value = getattr(obj, step['attr'])
                elif op == 'set':
                    setattr(obj, step['attr'], to_arg(step['value']))
                    value = None
                else:
                    raise ValueError('unknown step ' + op)
                compute += time.perf_counter() - started
                printed.flush()
                try:
                    outcome = {'ok': encode(value, np)}
                    emit({'event': 'step', 'id': case['id'], 'index': index, 'outcome': outcome})
                except Exception:
                    # a value that cannot be written as JSON is a wrong answer, not a broken channel
                    what = step.get('method') or step.get('name') or step.get('attr') or step.get('className')
                    emit({'event': 'step', 'id': case['id'], 'index': index, 'outcome': {
                        'error': '%s() returned an object of type %s that cannot be compared' % (what, type_name(value))}})
                    break
            except BaseException as e:
                compute += time.perf_counter() - started
                printed.flush()
                emit({'event': 'step', 'id': case['id'], 'index': index, 'outcome': {'error': student_traceback(e)}})
                break
        printed.flush()
        emit({'event': 'case', 'id': case['id']})
    emit({'event': 'done', 'computeMs': round(compute * 1000, 3)})
    channel.close()


class Printed(io.TextIOBase):
    """sys.stdout and sys.stderr while the student's code runs: text goes to the grader
    as "output" events, attributed to the case running when it is flushed. Past the
    output budget it goes to the real stdout, where the grader's cap stops the box."""

    def __init__(self, emit, overflow, budget):
        self._emit = emit
        self._overflow = overflow
        self._budget = budget
        self._parts = []
        self._size = 0

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError('write() argument must be str, not ' + type_name(s))
        if self._budget <= 0:
            self._overflow.write(s)
            self._overflow.flush()
            return len(s)
        self._parts.append(s)
        self._size += len(s)
        if self._size >= FLUSH_AT or '\n' in s:
            self.flush()
        return len(s)

    def flush(self):
        if not self._parts:
            return
        text = ''.join(self._parts)
        self._parts = []
        self._size = 0
        kept = text[:self._budget]
        self._budget -= len(kept)
        self._emit({'event': 'output', 'text': kept})
        if len(kept) < len(text):
            self._overflow.write(text[len(kept):])
            self._overflow.flush()


def type_name(v):
    # the C-level name: a metaclass can make type(v).__name__ anything, even a non-string
    return type.__dict__['__name__'].__get__(type(v), type)


def encode(v, np, depth=0):
    if depth > 32:
        return {'__type__': 'too deeply nested'}
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (int, float, np.integer, np.floating)):
        return number(float(v))
    if isinstance(v, np.ndarray):
        # tolist() nests v.ndim deep (up to 64) without passing through this cap, and the
        # grader treats anything deeper than the cap as forged
        if depth + v.ndim > 32:
            return {'__type__': 'too deeply nested'}
        if v.dtype.kind in 'biuf':
            a = v.astype(np.float64)
            return a.tolist() if np.isfinite(a).all() else numbers(a.tolist())
        return [encode(x, np, depth + 1) for x in v.tolist()]
    if isinstance(v, (list, tuple)):
        return [encode(x, np, depth + 1) for x in v]
    return {'__type__': type_name(v)}


def number(x):
    return x if math.isfinite(x) else str(x)  # 'nan', 'inf', '-inf'


def numbers(x):
    return [numbers(y) for y in x] if isinstance(x, list) else number(x)


def student_traceback(e):
    # only the student's frames: our harness and library internals are noise to them
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == SUBMISSION]
    text = ''
    if frames:
        text = 'Traceback (most recent call last):\n' + ''.join(traceback.format_list(frames))
    text += ''.join(traceback.format_exception_only(type(e), e))
    return text.replace(SUBMISSION, 'submission.py')


if __name__ == '__main__':
    main()
    # no interpreter teardown (numpy's takes a while, and the student's atexit hooks
    # could hold the box): the results are all sent, and the grader ends a box that
    # lingers after them anyway
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(0)
