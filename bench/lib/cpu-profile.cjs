// Preloaded with NODE_OPTIONS="--require ./bench/lib/cpu-profile.cjs" (node
// refuses --cpu-prof there): profiles the web server processes only
// (scripts/web-server.ts) between two SIGUSR2 signals (the bench sends them around the burst)
// and writes a .cpuprofile to CPU_PROFILE_DIR, for Chrome DevTools or
// bench/lib/profile-top.ts.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

if (process.argv.some((a) => /web-server\.ts$/.test(a))) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  let started = false;
  const write = () => {
    session.post('Profiler.stop', (err, res) => {
      if (!err) {
        const dir = process.env.CPU_PROFILE_DIR || '.';
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `web-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
      }
    });
  };
  process.on('SIGUSR2', () => {
    if (!started) session.post('Profiler.start');
    else write();
    started = !started;
  });
}
