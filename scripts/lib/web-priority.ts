import os from 'node:os';

// A student waiting on an answer comes before grading. Where the web server
// shares a machine with a worker (`npm start`, or one small server), a deadline
// rush keeps both cores busy grading, and at an equal share the web server got
// two thirds of a core: every submit answered a third slower
// (bench/submit-burst.ts). Its main thread, where Next.js and the submit path
// run, asks for nice WEB_NICE: where it competes with the worker's cgroup
// (convgrade/, weighing two processes: worker/sandbox/cgroup.ts) that is
// enough to keep a whole core, and it takes nothing from grading when there
// are no requests. Lowering nice needs root or CAP_SYS_NICE; systemd's unit
// sets it instead (deploy/systemd/convgrade-web.service: Nice=), and without
// either the server runs at its normal priority and says so.

export const WEB_NICE = -5;

/** The main thread's nice afterwards. */
export function raiseWebPriority(log: (line: string) => void): number {
  const before = os.getPriority();
  if (before <= WEB_NICE) return before;
  try {
    os.setPriority(WEB_NICE);
    return WEB_NICE;
  } catch (e) {
    log(`[web] priority: runs at nice ${before}, beside grading as an equal (nice ${WEB_NICE} refused: ${(e as Error).message.replace(/^.*?: /, '')})`);
    return before;
  }
}
