// The submissions whose score counts for a grade: graded attempts (not
// visible-test runs, not ungradable ones). Status is left out on purpose: a
// submission being regraded is "queued" again but keeps its last score until
// the new run is recorded, so grades do not blank out during a regrade-all.
export const SCORED_SUBMISSION = { mode: 'submit', gradable: true, score: { not: null } } as const;
