import { type SyntheticSummary, summarize } from './synthetic-summary.js';
import { type SyntheticCase, type SyntheticSpec, WORKER_KINDS, generateSynthetic } from './synthetic.js';

/**
 * Fingerprints of the synthetic cases as generated when the generator was
 * written. A mismatch means the generator (or the platform's arithmetic)
 * changed, so figures are no longer comparable with earlier runs.
 */
export const RECORDED_CHECKSUMS: Readonly<Record<string, string>> = {
  synth_100k: '572a9a29',
};

/** One verified property of the generator. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The generated case, its summary and the checks it passed or failed. */
export interface SelfCheck {
  readonly data: SyntheticCase;
  readonly summary: SyntheticSummary;
  readonly checks: readonly Check[];
  readonly ok: boolean;
}

/**
 * Generates the case twice and checks: same seed → same checksum, the
 * recorded checksum, the worker-kind mix, a heavy activity tail and the
 * class prior. Not a test: it makes the bench refuse to report figures for
 * data that is not what the tables say.
 */
export function selfCheck(spec: SyntheticSpec): SelfCheck {
  const data = generateSynthetic(spec);
  const summary = summarize(data);
  const again = summarize(generateSynthetic(spec)).checksum;
  const recorded = RECORDED_CHECKSUMS[spec.name];
  const checks: Check[] = [
    { name: 'same seed, same data', ok: again === summary.checksum, detail: `${summary.checksum} then ${again}` },
  ];
  if (recorded !== undefined) {
    checks.push({ name: 'recorded checksum', ok: recorded === summary.checksum, detail: `expected ${recorded}` });
  }
  const expectedCounts = spec.kindShares.map((share) => Math.round(share * spec.nWorkers));
  const countsOk = summary.kindCounts.every((count, kind) => Math.abs(count - (expectedCounts[kind] ?? 0)) <= 1);
  checks.push({
    name: 'worker kinds',
    ok: countsOk,
    detail: WORKER_KINDS.map((kind, i) => `${kind} ${summary.kindCounts[i]}`).join(', '),
  });
  const sharesOk = summary.kindAnswerShares.every((share, kind) => Math.abs(share - (spec.kindShares[kind] ?? 0)) <= 0.05);
  checks.push({
    name: 'answers by kind within 5 pp of the mix',
    ok: sharesOk,
    detail: summary.kindAnswerShares.map((share) => `${(100 * share).toFixed(1)} %`).join(', '),
  });
  checks.push({
    name: 'heavy-tailed activity (top 1 % of workers ≥ 5 % of answers)',
    ok: summary.top1PercentShare >= 0.05,
    detail: `${(100 * summary.top1PercentShare).toFixed(1)} %`,
  });
  const priorOk = summary.classShares.every((share, k) => Math.abs(share - (data.classPrior[k] ?? 0)) <= 0.01);
  checks.push({
    name: 'class shares within 1 pp of the prior',
    ok: priorOk,
    detail: summary.classShares.map((share) => share.toFixed(3)).join(', '),
  });
  return { data, summary, checks, ok: checks.every((check) => check.ok) };
}
