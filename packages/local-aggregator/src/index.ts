/**
 * @crowdagg/local-aggregator: truth inference for crowdsourced labels.
 * Pure computation (no I/O); runs in Node and in browsers.
 */
export * from './types.js';
export * from './errors.js';
export { argmaxWithTies, createRng, resolveSeed, resolveTiePolicy, TIE_RELATIVE_TOLERANCE, type Rng } from './ties.js';
export { assertFinite, logGamma, logSumExp, normaliseInPlace, PROBABILITY_FLOOR, safeLog, softmaxInPlace } from './numeric.js';
export {
  compareLabels,
  jointLabelKey,
  jointLabelProduct,
  parseJointLabelKey,
  MAX_JOINT_LABELS,
  type JointLabelValue,
} from './labels.js';
export {
  buildMatrix,
  groupByWorker,
  labelOf,
  MatrixBuilder,
  matrixFromFields,
  resultRows,
  type AnswerRow,
  type FieldSpec,
  type LabelOrder,
  type MatrixOptions,
  type MultiFieldRow,
  type UnknownLabelPolicy,
} from './matrix.js';
export {
  assertMatrix,
  chooseLabels,
  confidenceOf,
  lookupWorker,
  resolveWorkerValues,
  workerAgreement,
  lookupWorkerRow,
  type MissingSkillPolicy,
  type WorkerRows,
  type WorkerTable,
} from './guards.js';
export * from './methods/majority-vote.js';
export * from './methods/weighted-dynamic-overlap.js';
export * from './methods/dawid-skene.js';
export * from './methods/hierarchical-dawid-skene.js';
export * from './methods/ebcc.js';
export * from './methods/wawa.js';
export * from './methods/zero-based-skill.js';
export * from './methods/one-coin-dawid-skene.js';
export * from './methods/glad.js';
export * from './methods/spammer-screen.js';
export * from './methods/mace.js';
export * from './methods/kos.js';
export * from './methods/mmsr.js';
export { getMethod, METHOD_NAMES, METHODS, type MethodEntry } from './registry.js';
export * from './incremental.js';
export * from './metrics.js';
