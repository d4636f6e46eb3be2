import fs from 'node:fs';
import path from 'node:path';

// Every route handler of the app, read from the files: a route added later is
// covered by the edge tests without anyone listing it.

export interface AppRoute {
  file: string;
  /** the URL pattern, e.g. /api/exercises/[id]/submissions */
  pattern: string;
  methods: string[];
}

export const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function appRoutes(root = 'app'): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const src = fs.readFileSync(full, 'utf8');
        const methods = new Set<string>();
        for (const m of src.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)) methods.add(m[1]!);
        for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) {
          for (const part of m[1]!.split(',')) {
            const name = part.trim().split(/\s+as\s+/).pop()!;
            if (/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(name)) methods.add(name);
          }
        }
        const pattern = '/' + path.relative(root, dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join('/');
        out.push({ file: full, pattern, methods: [...methods].sort() });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** A concrete URL for a pattern: each [param] gets the value the caller picks for it. */
export function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\[\.\.\.(\w+)\]|\[(\w+)\]/g, (_m, rest: string, one: string) => values[rest ?? one] ?? 'x');
}

/**
 * The queue dashboard's own write API (bull-board, served under /instructor/queues
 * by one catch-all route), read from the package's route table so that routes a
 * later version adds are driven too.
 */
export function queueBoardWrites(): { method: string; pattern: string }[] {
  const src = fs.readFileSync(path.resolve('node_modules/@bull-board/api/dist/routes.js'), 'utf8');
  return [...src.matchAll(/method:\s*'(\w+)',\s*route:\s*'([^']+)'/g)]
    .map((m) => ({ method: m[1]!.toUpperCase(), pattern: m[2]! }))
    .filter((r) => WRITE_METHODS.includes(r.method));
}
