import { describe, expectTypeOf, it } from 'vitest';
import {
  dawidSkene,
  majorityVote,
  weightedDynamicOverlap,
  type AggregationMethod,
  type AggregationResult,
  type DawidSkeneOptions,
  type DawidSkeneWorkers,
  type MajorityVoteOptions,
  type MethodEntry,
  type ResponseMatrix,
} from './index.js';

describe('method contract', () => {
  it('majority vote and Dawid-Skene have the common method shape', () => {
    expectTypeOf(majorityVote).toExtend<AggregationMethod<MajorityVoteOptions>>();
    expectTypeOf(dawidSkene).toExtend<AggregationMethod<DawidSkeneOptions>>();
    expectTypeOf(dawidSkene).returns.toExtend<AggregationResult<DawidSkeneWorkers>>();
  });

  it('weighted dynamic overlap requires its skills', () => {
    expectTypeOf(weightedDynamicOverlap).parameter(1).toHaveProperty('skills');
    // @ts-expect-error skills are required
    weightedDynamicOverlap({} as ResponseMatrix, {});
  });

  it('registry entries run any method on a matrix', () => {
    expectTypeOf<MethodEntry['run']>().parameter(0).toEqualTypeOf<ResponseMatrix>();
    expectTypeOf<MethodEntry['run']>().returns.toExtend<AggregationResult>();
  });
});
