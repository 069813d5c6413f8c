/**
 * Every method by name. To add one: import it and append an entry to
 * `ENTRIES` (one line per method keeps merges easy).
 */
import { AggregationError } from './errors.js';
import { dawidSkene } from './methods/dawid-skene.js';
import { ebcc } from './methods/ebcc.js';
import { glad } from './methods/glad.js';
import { hierarchicalDawidSkene } from './methods/hierarchical-dawid-skene.js';
import { kos } from './methods/kos.js';
import { mace } from './methods/mace.js';
import { majorityVote } from './methods/majority-vote.js';
import { mmsr } from './methods/mmsr.js';
import { oneCoinDawidSkene } from './methods/one-coin-dawid-skene.js';
import { wawa } from './methods/wawa.js';
import { weightedDynamicOverlap, type WeightedDynamicOverlapOptions } from './methods/weighted-dynamic-overlap.js';
import { zeroBasedSkill } from './methods/zero-based-skill.js';
import type { AggregationResult, ResponseMatrix } from './types.js';

/** A method as the CLI and the server see it. */
export interface MethodEntry {
  /** Registry name (kebab-case), e.g. `'dawid-skene'`. */
  readonly name: string;
  /** One line for help texts. */
  readonly description: string;
  /** Runs the method; `options` is the method's own options object. */
  readonly run: (matrix: ResponseMatrix, options?: Record<string, unknown>) => AggregationResult;
  /** The defaults the method fills in for omitted options. */
  readonly defaults: Readonly<Record<string, unknown>>;
}

const ENTRIES: readonly MethodEntry[] = [
  {
    name: 'majority-vote',
    description: 'Majority vote, optionally weighted by worker skills',
    run: (matrix, options) => majorityVote(matrix, options),
    defaults: { ties: 'first', seed: 0, onMissingSkill: 'error' },
  },
  {
    name: 'weighted-dynamic-overlap',
    description: "Toloka's aggregation by skill: largest sum of skill/100 wins, one-coin Bayesian confidence over all options",
    run: (matrix, options) => weightedDynamicOverlap(matrix, options as unknown as WeightedDynamicOverlapOptions),
    defaults: { ties: 'first', seed: 0, missingSkill: 'error', epsilon: 1e-4 },
  },
  {
    name: 'dawid-skene',
    description: 'Dawid-Skene EM with per-worker confusion matrices (Crowd-Kit semantics, monotone stopping rule)',
    run: (matrix, options) => dawidSkene(matrix, options),
    defaults: { ties: 'first', seed: 0, maxIterations: 100, stopping: 'likelihood', tolerance: 1e-5, golden: 'ignore' },
  },
  {
    name: 'hierarchical-dawid-skene',
    description: 'Dawid-Skene with every worker\'s confusion columns pulled toward the population\'s (MAP-EM)',
    run: (matrix, options) => hierarchicalDawidSkene(matrix, options),
    defaults: { ties: 'first', seed: 0, maxIterations: 100, tolerance: 1e-5, strengthPerLabel: 1, classPrior: 'learned', golden: 'ignore' },
  },
  {
    name: 'ebcc',
    description: 'EBCC: Bayesian Dawid-Skene with task subtypes per label, so errors workers share count once (variational Bayes)',
    run: (matrix, options) => ebcc(matrix, options),
    defaults: { ties: 'first', seed: 0, subtypes: 10, subtypeConcentration: 0.1, classConcentration: 1, diagonalPseudoCount: 4, offDiagonalPseudoCount: 1, maxIterations: 500, tolerance: 1e-3, golden: 'ignore' },
  },
  {
    name: 'wawa',
    description: 'Vote weighted by each worker\'s agreement with majority vote',
    run: (matrix, options) => wawa(matrix, options),
    defaults: { ties: 'first', seed: 0 },
  },
  {
    name: 'zero-based-skill',
    description: 'Skill-weighted vote with skills moved toward agreement at a decaying rate (always nIter rounds)',
    run: (matrix, options) => zeroBasedSkill(matrix, options),
    defaults: { ties: 'first', seed: 0, nIter: 100, lrInit: 1, lrStepsToReduce: 20, lrReduceFactor: 0.5, eps: 1e-5 },
  },
  {
    name: 'one-coin-dawid-skene',
    description: 'Dawid-Skene with one accuracy per worker; uniform class prior, Beta-smoothed skills',
    run: (matrix, options) => oneCoinDawidSkene(matrix, options),
    defaults: { ties: 'first', seed: 0, nIter: 100, tol: 1e-5, classPrior: 'uniform', priorPseudoCount: 1, skillPrior: [6, 2], golden: 'ignore' },
  },
  {
    name: 'glad',
    description: 'GLAD: worker ability and task difficulty, MAP-EM with N(1, 1) priors, after a spammer screen',
    run: (matrix, options) => glad(matrix, options),
    defaults: { ties: 'first', seed: 0, nIter: 100, tol: 1e-5, mStepIter: 2, alphaPriorMean: 1, betaPriorMean: 1, golden: 'ignore', spammers: 'screen' },
  },
  {
    name: 'mace',
    description: 'MACE: per-worker competence and spam strategy, variational Bayes with restarts',
    run: (matrix, options) => mace(matrix, options),
    defaults: { ties: 'first', seed: 0, nRestarts: 10, nIter: 50, screenRounds: 5, tol: 1e-5, method: 'vb', classPrior: 'learned', defaultNoise: 0.5, alpha: 0.5, beta: 0.5, strategyPrior: 10, golden: 'ignore' },
  },
  {
    name: 'kos',
    description: 'KOS message passing (two labels only), averaged worker messages, sign oriented by majority vote',
    run: (matrix, options) => kos(matrix, options),
    defaults: { ties: 'first', seed: 0, nIter: 5, workerMessages: 'mean' },
  },
  {
    name: 'mmsr',
    description: 'M-MSR robust rank-one completion of worker agreement, then a log-odds weighted vote',
    run: (matrix, options) => mmsr(matrix, options),
    defaults: { ties: 'first', seed: 0, nIter: 10000, tol: 1e-10, minNeighbours: 1, minOverlap: 3 },
  },
];

/** Every registered method, keyed by name. */
export const METHODS: Readonly<Record<string, MethodEntry>> = Object.freeze(
  Object.fromEntries(ENTRIES.map((entry) => [entry.name, entry])),
);

/** Names of the registered methods, in registry order. */
export const METHOD_NAMES: readonly string[] = ENTRIES.map((entry) => entry.name);

/** The method called `name`; throws `INVALID_OPTION` listing the valid names otherwise. */
export function getMethod(name: string): MethodEntry {
  const entry = Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
  if (entry === undefined) {
    throw new AggregationError('INVALID_OPTION', `unknown method ${JSON.stringify(name)}; valid methods: ${METHOD_NAMES.join(', ')}`, {
      option: 'method',
      value: name,
      valid: METHOD_NAMES,
    });
  }
  return entry;
}
