// Example payloads generated from a contract's JSON Schema: a valid one (every property, values inside the bounds)
// and an invalid variant (one bound or rule broken), for the publish panel and the dry-run box.

/** A value that satisfies the schema, as far as properties, types, enums, consts and bounds go. */
export function exampleFor(schema, name = '', depth = 0) {
  if (!schema || typeof schema !== 'object' || depth > 8) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  for (const k of ['oneOf', 'anyOf', 'allOf']) {
    if (Array.isArray(schema[k]) && schema[k].length) return exampleFor(schema[k][0], name, depth + 1);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') || type[0];
  if (!type) type = schema.properties ? 'object' : schema.items ? 'array' : 'string';
  switch (type) {
    case 'object': {
      const out = {};
      for (const [k, sub] of Object.entries(schema.properties || {})) out[k] = exampleFor(sub, k, depth + 1);
      for (const k of schema.required || []) if (!(k in out)) out[k] = 'example';
      return out;
    }
    case 'array': {
      const n = Math.max(1, schema.minItems || 0);
      return Array.from({ length: n }, () => exampleFor(schema.items || {}, name, depth + 1));
    }
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined);
      const hi = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : undefined);
      let v;
      if (lo !== undefined && hi !== undefined) v = lo + (hi - lo) * 0.4;
      else if (lo !== undefined) v = lo + 1;
      else if (hi !== undefined) v = Math.min(0, hi - 1);
      else v = 21.5;
      if (schema.multipleOf) v = Math.ceil(v / schema.multipleOf) * schema.multipleOf;
      return type === 'integer' ? Math.round(v) : Math.round(v * 10) / 10;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default: {
      const n = name.toLowerCase();
      let s;
      if (schema.format === 'date-time' || /time|date/.test(n)) s = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      else if (schema.format === 'date') s = new Date().toISOString().slice(0, 10);
      else if (schema.format === 'email') s = 'ops@example.com';
      else if (schema.format === 'uuid') s = '123e4567-e89b-42d3-a456-426614174000';
      else if (/sensor|device|id$/.test(n)) s = 'demo-1';
      else s = 'example';
      if (schema.minLength && s.length < schema.minLength) s = s.padEnd(schema.minLength, 'x');
      if (schema.maxLength && s.length > schema.maxLength) s = s.slice(0, schema.maxLength);
      return s;
    }
  }
}

/** The valid example with one rule broken (a bound, an enum, a type or a required field), and what was broken. */
export function invalidFor(schema) {
  const valid = exampleFor(schema);
  if (!valid || typeof valid !== 'object' || Array.isArray(valid)) {
    // the contract wants another root type than an object: break the type
    return typeof valid === 'number'
      ? { payload: 'not a number', broken: 'a string where the contract wants a number' }
      : { payload: 42, broken: 'a number where the contract wants another type' };
  }
  const props = schema.properties || {};
  for (const [k, sub] of Object.entries(props)) {
    if (sub && typeof sub.maximum === 'number') return { payload: { ...valid, [k]: sub.maximum + 100 }, broken: `${k} above its maximum` };
  }
  for (const [k, sub] of Object.entries(props)) {
    if (sub && Array.isArray(sub.enum)) return { payload: { ...valid, [k]: 'not-allowed' }, broken: `${k} not one of its values` };
  }
  for (const [k, sub] of Object.entries(props)) {
    if (sub && (sub.type === 'number' || sub.type === 'integer')) return { payload: { ...valid, [k]: 'text' }, broken: `${k} of the wrong type` };
  }
  const req = (schema.required || [])[0];
  if (req) {
    const copy = { ...valid };
    delete copy[req];
    return { payload: copy, broken: `${req} missing` };
  }
  return { payload: { ...valid, unexpected_field: true }, broken: 'an extra field' };
}
