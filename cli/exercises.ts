import { discoverExercises } from '../lib/exercises/discover';
import { parseCli, type CliCommand } from './command';

export const command: CliCommand = {
  summary: 'list the exercises (id, week, kind, points, title)',
  async run(argv) {
    const { values } = parseCli({ args: argv, options: { json: { type: 'boolean', default: false } } });
    const list = (await discoverExercises()).list().map((e) => ({
      id: e.meta.id,
      title: e.meta.title,
      week: e.meta.week,
      kind: e.meta.kind,
      points: e.meta.points,
      languages: e.meta.languages,
      version: e.contentHash,
    }));
    if (values.json) {
      console.log(JSON.stringify(list, null, 2));
    } else {
      for (const e of list) {
        console.log(`${e.id.padEnd(22)} week ${String(e.week).padEnd(3)} ${e.kind.padEnd(8)} ${String(e.points).padStart(4)} pts  ${e.title}`);
      }
    }
    return 0;
  },
};
