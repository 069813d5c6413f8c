/**
 * @crowdagg/schema: valibot schemas, inferred types and helpers for the wire
 * format of the Toloka-compatible aggregated-solutions API.
 */
export * from './aggregation.js';
export * from './assignment.js';
export * from './errors.js';
export * from './field-codes.js';
export * from './json-schema.js';
export * from './operation.js';
export * from './pool.js';
export * from './primitives.js';
export * from './project.js';
export * from './skill.js';
export * from './task.js';
export * from './timestamps.js';
export * from './validate.js';
