/**
 * Policy evaluation: rollouts in an `Env` and D4RL-style normalized scores.
 *
 * @packageDocumentation
 */
export { evaluate } from './evaluate';
export type { EvaluateOptions, EvaluationResult } from './evaluate';
export { D4RL_REFERENCE_SCORES, d4rlReferenceScores, normalizedScore } from './reference-scores';
export type { HasReferenceScores, ScoreRange } from './reference-scores';
