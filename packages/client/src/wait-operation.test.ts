import type { Operation } from '@crowdagg/schema';
import { describe, expect, it } from 'vitest';
import { OperationFailedError, OperationTimeoutError } from './errors.js';
import { ok, sequence } from './test-support/scripted-server.js';
import { useScriptedServer } from './test-support/harness.js';
import { operation } from './test-support/toloka-fixtures.js';

const ID = 'op-1';
const PATH = `/operations/${ID}`;
const pending = operation({ id: ID });
const running = operation({ id: ID, status: 'RUNNING', started: '2026-12-01T02:07:51.000', progress: 40 });
const success = operation({ ...running, status: 'SUCCESS', progress: 100, finished: '2026-12-01T02:07:55.120' });
const failed = operation({ ...running, status: 'FAIL', finished: '2026-12-01T02:07:55.120' });

describe('waitOperation', () => {
  const h = useScriptedServer();

  it('polls PENDING → RUNNING → SUCCESS after 0.5 s, then every 1 s, reporting progress', async () => {
    h.server.on('GET', PATH, sequence(ok(pending), ok(running), ok(success)));
    const progress: Array<[string, number]> = [];
    const started = Date.now();
    const done = await h.client.waitOperation(ID, { onProgress: (op) => progress.push([op.status, op.progress]) });
    const elapsed = Date.now() - started;
    expect(done).toEqual(success);
    expect(progress).toEqual([['PENDING', 0], ['RUNNING', 40], ['SUCCESS', 100]]);
    const polls = h.server.seen('GET', PATH);
    expect(polls).toHaveLength(3);
    // Lower bounds only: the schedule never polls early (a busy machine may make it late).
    expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(polls[2]!.at - polls[1]!.at).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeGreaterThanOrEqual(2450);
  });

  it('returns a finished operation without polling', async () => {
    await expect(h.client.waitOperation(success)).resolves.toBe(success);
    await expect(h.client.waitOperation(failed)).rejects.toBeInstanceOf(OperationFailedError);
    expect(h.server.requests).toHaveLength(0);
  });

  it('rejects with OperationFailedError carrying the failed operation', async () => {
    h.server.on('GET', PATH, sequence(ok(running), ok(failed)));
    const error = await h.client.waitOperation(pending, { initialDelayMs: 10, intervalMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).operation).toEqual(failed);
    expect((error as Error).message).toContain(ID);
  });

  it('returns a FAIL operation when throwOnFail is false', async () => {
    h.server.on('GET', PATH, ok(failed));
    await expect(h.client.waitOperation(ID, { initialDelayMs: 10, throwOnFail: false })).resolves.toEqual(failed);
  });

  it('times out with OperationTimeoutError carrying the last state', async () => {
    h.server.on('GET', PATH, ok(running));
    const error = await h.client
      .waitOperation(ID, { timeoutMs: 300, initialDelayMs: 10, intervalMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toMatchObject({ operationId: ID, timeoutMs: 300, operation: running });
    expect(h.server.seen('GET', PATH).length).toBeGreaterThanOrEqual(2);
  });

  it('times out a poll stuck on a slow server', async () => {
    h.server.on('GET', PATH, { ...ok(running), delayMs: 5_000 });
    const started = Date.now();
    const error = await h.client.waitOperation(pending, { timeoutMs: 300, initialDelayMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toMatchObject({ operation: pending });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('aborts mid-sleep promptly with the signal’s reason', async () => {
    h.server.on('GET', PATH, ok(running));
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const seen: Operation[] = [];
    const waiting = h.client.waitOperation(ID, {
      signal: controller.signal,
      initialDelayMs: 10,
      intervalMs: 60_000,
      onProgress: (op) => {
        seen.push(op);
        setTimeout(() => controller.abort(reason), 50);
      },
    });
    const started = Date.now();
    await expect(waiting).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(5_000); // far below the 60 s interval
    expect(seen).toHaveLength(1);
  });

  it('aborts a poll that is waiting for a slow server', async () => {
    h.server.on('GET', PATH, { ...ok(running), delayMs: 5_000 });
    const controller = new AbortController();
    const waiting = h.client.waitOperation(ID, { signal: controller.signal, initialDelayMs: 0 });
    setTimeout(() => controller.abort(new Error('stop')), 200);
    await expect(waiting).rejects.toThrow('stop');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already'));
    await expect(h.client.waitOperation(ID, { signal: controller.signal })).rejects.toThrow('already');
    expect(h.server.requests).toHaveLength(0);
  });
});
