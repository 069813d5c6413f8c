import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createClient } from '../client.js';
import type { CrowdaggClient } from '../client.js';
import type { ClientOptions } from '../transport.js';
import { ScriptedServer } from './scripted-server.js';

/** A scripted server and a client pointed at it, shared by the tests of one `describe`. */
export interface Harness {
  server: ScriptedServer;
  client: CrowdaggClient;
}

/**
 * Registers vitest hooks that start a {@link ScriptedServer} before the
 * tests, reset its scripts before each one and close it after all; the
 * returned object's fields are filled in once the server runs.
 */
export function useScriptedServer(options: Partial<ClientOptions> = {}): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.server = await ScriptedServer.start();
    harness.client = createClient({ url: harness.server.url, token: 'token', retry: { limit: 0 }, ...options });
  });
  afterAll(() => harness.server.close());
  beforeEach(() => harness.server.reset());
  return harness;
}
