// Field labels for validation messages: each form (schema) may carry its own label map, and a
// shared map words the keys most forms have in common, so a message names "评论", never
// "comment". A test walks every input schema and fails on a field with no label.
import type { z } from 'zod';
import { COMMON_FIELD_LABELS } from './field-labels.common.ts';
import type { Localised } from './i18n.ts';
import type { FieldLabels } from './validation-messages.ts';

export { COMMON_FIELD_LABELS };

const formLabels = new WeakMap<z.ZodType, FieldLabels>();

/** Gives a form's schema its own labels (they win over the shared ones); returns the schema. */
export function labelFields<S extends z.ZodType>(schema: S, labels: FieldLabels): S {
  formLabels.set(schema, { ...formLabels.get(schema), ...labels });
  return schema;
}

/** The labels registered for a schema, for a derived schema (e.g. `.strict()`) to share. */
export const fieldLabelsOf = (schema: z.ZodType): FieldLabels | undefined => formLabels.get(schema);

/** What a message says when an issue concerns the whole input rather than one field. */
const WHOLE: Localised = { 'zh-CN': '提交的内容', en: 'the request' };

/**
 * The label for an issue's path: the form's own map, then the shared one; in each, the whole
 * path with indices as `*` ("scores.*.score"), then its last key, then the key it belongs to
 * (an array element "scores.3" is a score).
 */
export function labelFor(
  path: readonly PropertyKey[],
  labels: FieldLabels | undefined,
): Localised | undefined {
  if (path.length === 0) return WHOLE;
  const keys = path.map((p) => (typeof p === 'number' ? '*' : String(p)));
  const named = keys.filter((k) => k !== '*');
  const candidates = [keys.join('.'), [...keys.slice(0, -1), '*'].join('.'), named.at(-1), named.at(-2)];
  for (const map of [labels, COMMON_FIELD_LABELS]) {
    if (!map) continue;
    for (const c of candidates) if (c !== undefined && Object.hasOwn(map, c)) return map[c];
  }
  return undefined;
}

/** A field's label, or a neutral word when no map has one (the coverage test keeps this rare). */
export const labelOrField = (path: readonly PropertyKey[], labels: FieldLabels | undefined): Localised =>
  labelFor(path, labels) ?? { 'zh-CN': '此项', en: 'this field' };

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
};

/** Every field path a schema takes (indices and record keys as `*`), for the coverage test. */
export function fieldPaths(schema: z.ZodType, prefix: string[] = [], out = new Set<string>()): Set<string> {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const go = (s: z.ZodType | undefined, p: string[]) => s && fieldPaths(s, p, out);
  switch (def.type) {
    case 'object':
      for (const [key, value] of Object.entries(def.shape ?? {})) {
        out.add([...prefix, key].join('.'));
        go(value, [...prefix, key]);
      }
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      go(def.innerType, prefix);
      break;
    case 'pipe':
      go(def.in, prefix);
      go(def.out, prefix);
      break;
    case 'array':
      go(def.element, [...prefix, '*']);
      break;
    case 'record':
      go(def.valueType, [...prefix, '*']);
      break;
    case 'union':
      for (const o of def.options ?? []) go(o, prefix);
      break;
    case 'intersection':
      go(def.left, prefix);
      go(def.right, prefix);
      break;
  }
  return out;
}
