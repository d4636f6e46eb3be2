# Trusted harness, run inside the sandbox next to the student's submission.py.
# stdin: a per-run nonce line, then the cases' inputs as JSON (never expected outputs).
# Results go to fd 3, one line per event, each prefixed by the nonce; the grader ignores
# anything else, so a submission printing look-alike JSON to stdout changes nothing.
import importlib.util
import json
import math
import os
import sys
import time
import traceback

SUBMISSION = '/box/submission.py'


def main():
    data = sys.stdin.buffer.read()
    nonce, _, payload = data.partition(b'\n')
    nonce = nonce.decode()
    spec = json.loads(payload)
    del data, payload
    sys.stdin = open(os.devnull)
    channel = os.fdopen(3, 'w', encoding='utf-8')

    def emit(obj):
        try:
            channel.write('\n' + nonce + json.dumps(obj, allow_nan=False) + '\n')
            channel.flush()
        except Exception:
            pass  # the submission closed or broke fd 3: it only loses its own results

    import numpy as np

    emit({'event': 'ready'})
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
        emit({'event': 'load-error', 'error': student_traceback(e)})
        return
    compute += time.perf_counter() - started
    missing = [name for name in spec['requires'] if not hasattr(module, name)]
    if missing:
        emit({'event': 'load-error', 'missing': missing})
        return
    emit({'event': 'loaded'})

    def to_arg(v):
        # nested lists are tensors: give them to the student as float64 arrays, like the notes
        if isinstance(v, list):
            return np.array(v, dtype=np.float64)
        return v

    for case in spec['cases']:
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
                emit({'event': 'step', 'id': case['id'], 'index': index, 'outcome': {'ok': encode(value, np)}})
            except BaseException as e:
                compute += time.perf_counter() - started
                emit({'event': 'step', 'id': case['id'], 'index': index, 'outcome': {'error': student_traceback(e)}})
                break
        emit({'event': 'case', 'id': case['id']})
    emit({'event': 'done', 'computeMs': round(compute * 1000, 3)})
    channel.close()


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
    return {'__type__': type(v).__name__}


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
