import type { JsonObject } from './types.js';

/**
 * `JSON.stringify` of `output_values`, remembered for the common one-field
 * string answer (`{"result": "cat"}`): a batch repeats few of them, so most
 * rows share one string instead of serialising their own.
 */
export function outputJson(values: JsonObject, seen: Map<string, string>): string {
  let key: string | undefined;
  for (const name in values) {
    const value = values[name];
    if (key !== undefined || typeof value !== 'string') return JSON.stringify(values);
    // Length-prefixed, so no two (name, value) pairs share a key.
    key = `${String(name.length)}:${name}${value}`;
  }
  if (key === undefined) return JSON.stringify(values);
  let json = seen.get(key);
  if (json === undefined) seen.set(key, (json = JSON.stringify(values)));
  return json;
}
