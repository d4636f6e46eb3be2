export { similarityReport, DEFAULT_THRESHOLD } from './report';
export type { SimilarityOptions, SimilarityPair, SimilarityMatch, SimilaritySubmission } from './report';
export { tokenize } from './tokenize';
export type { SimilarityLanguage, Token } from './tokenize';
