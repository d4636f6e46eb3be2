// At most `limit` submissions are worked on at once in this process; the rest
// wait in arrival order. All of a burst's requests interleaving step by step
// would finish together at the end (p50 = max); taken a few at a time, the
// first in are answered first and the same total work is done.

export function gate(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
