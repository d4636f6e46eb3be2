// Prints one closing line over every vitest JSON report: "N passed, N failed".
import fs from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    failed += 1; // a run that wrote no report failed before it could
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  if ((r.numFailedTestSuites ?? 0) > 0 && !(r.numFailedTests > 0)) failed += r.numFailedTestSuites;
}
console.log(`${passed} passed, ${failed} failed`);
