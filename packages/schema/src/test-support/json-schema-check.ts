/**
 * A small JSON Schema (draft-07 subset) checker for tests: it understands the
 * keywords the valibot converter emits and reports the paths it rejects.
 */
type Node = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: unknown, value: unknown): boolean {
  const actual = typeOf(value);
  const allowed = Array.isArray(expected) ? expected : [expected];
  return allowed.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

function checkObject(schema: Node, value: Record<string, unknown>, path: string, errors: string[]): void {
  const properties = (schema['properties'] ?? {}) as Record<string, Node>;
  for (const key of (schema['required'] ?? []) as string[]) {
    if (!(key in value)) errors.push(`${path}.${key}: required`);
  }
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key];
    if (property) checkNode(property, item, `${path}.${key}`, errors);
    else if (schema['additionalProperties'] === false) errors.push(`${path}.${key}: not allowed`);
    else if (typeof schema['additionalProperties'] === 'object') {
      checkNode(schema['additionalProperties'] as Node, item, `${path}.${key}`, errors);
    }
  }
}

function checkNode(schema: Node, value: unknown, path: string, errors: string[]): void {
  if ('type' in schema && !typeMatches(schema['type'], value)) {
    errors.push(`${path}: expected ${String(schema['type'])}`);
    return;
  }
  if ('const' in schema && schema['const'] !== value) errors.push(`${path}: expected const`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) errors.push(`${path}: not in enum`);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const options = schema[keyword] as Node[] | undefined;
    if (!options) continue;
    const matching = options.filter((option) => checkJsonSchema(option, value).length === 0).length;
    if (keyword === 'anyOf' ? matching === 0 : matching !== 1) errors.push(`${path}: ${keyword} matched ${matching}`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) errors.push(`${path}: below minimum`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) errors.push(`${path}: above maximum`);
  }
  if (typeof value === 'string') {
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) errors.push(`${path}: too short`);
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern']).test(value)) errors.push(`${path}: pattern`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) errors.push(`${path}: too few items`);
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) errors.push(`${path}: too many items`);
    if (schema['items']) value.forEach((item, index) => checkNode(schema['items'] as Node, item, `${path}.${index}`, errors));
  } else if (typeOf(value) === 'object') {
    checkObject(schema, value as Record<string, unknown>, path, errors);
  }
}

/** Returns the problems of `value` against `schema` (empty when it conforms). */
export function checkJsonSchema(schema: unknown, value: unknown): string[] {
  const errors: string[] = [];
  checkNode(schema as Node, value, '$', errors);
  return errors;
}
