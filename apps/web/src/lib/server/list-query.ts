// A list page's GET parameters checked with the API's own schema: what is valid goes on to the
// API, an invalid value is dropped (and named) rather than failing the page.
import { type FieldIssue, type Lang, validate } from '@kaimen/contracts';
import type { z } from 'zod';

export function listQuery<S extends z.ZodObject>(
  schema: S,
  url: URL,
  lang: Lang,
): { query: z.infer<S>; search: string; issues: FieldIssue[] } {
  const raw = Object.fromEntries(
    [...url.searchParams].filter(([k, v]) => v.trim() !== '' && !k.startsWith('/')),
  );
  let checked = validate(schema, raw, lang);
  let issues: FieldIssue[] = [];
  if (!checked.ok) {
    issues = checked.issues;
    const bad = new Set(issues.map((i) => i.path.split('.')[0]));
    checked = validate(schema, Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k))), lang);
  }
  const query = (checked.ok ? checked.data : schema.parse({})) as z.infer<S>;
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();
  return { query, search, issues };
}
