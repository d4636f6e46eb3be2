// Authored numeric exercises: schema, restricted formulas, variants, grading,
// validation. version.ts (node:crypto) is separate so the rest runs in a browser.
export * from './schema';
export { compileFormula, FormulaError, ALLOWED_FUNCTIONS, ALLOWED_CONSTANTS } from './formula';
export type { CompiledFormula } from './formula';
export { authoredVariant, authoredAnswer, authoredParams, authoredFields, checkAuthoredAnswer, paramValues, compileAuthored, MAX_DRAWS } from './variant';
export { validateAuthoredNumeric, katexProblems, DEFAULT_VALIDATION_SEEDS } from './validate';
export type { AuthoringIssue, AuthoringValidation } from './validate';
