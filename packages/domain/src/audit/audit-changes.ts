// What an audit entry changed, as a person reads it: the changed fields only, old → new, with
// record ids shown as the names they stand for. An entry's `before` usually holds the record's
// relevant fields and `after` what the request set, so a field only in `before` is context,
// not a change; a creation has no `before` and a removal no `after`.

export interface AuditChange {
  field: string;
  /** null: the field was not there (a creation, or a field the record did not have). */
  before: string | null;
  after: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every record id (uuid) in an entry's values, to look their names up in one go. */
export function collectIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (UUID.test(value)) into.add(value.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) collectIds(v, into);
  }
  return into;
}

export interface ChangeWording {
  /** The name of a record id, when it names one the reader may see. */
  nameOf: (id: string) => string | undefined;
  yes: string;
  no: string;
  /** How an explicit null (a cleared field) reads. */
  none: string;
  listSeparator: string;
}

/** One value as text: ids as names, booleans in words, lists joined, anything else as JSON. */
export function showValue(value: unknown, w: ChangeWording): string {
  if (value === null || value === undefined) return w.none;
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (typeof value === 'string') return UUID.test(value) ? (w.nameOf(value.toLowerCase()) ?? value) : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => showValue(v, w)).join(w.listSeparator);
  return JSON.stringify(value, (_k, v) =>
    typeof v === 'string' && UUID.test(v) ? (w.nameOf(v.toLowerCase()) ?? v) : v,
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Structural equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

export function auditChanges(before: unknown, after: unknown, w: ChangeWording): AuditChange[] {
  const show = (v: unknown) => showValue(v, w);
  if (!isRecord(after)) {
    if (isRecord(before))
      return Object.entries(before).map(([field, v]) => ({ field, before: show(v), after: null }));
    if (before === null || before === undefined) {
      return after === null || after === undefined ? [] : [{ field: '', before: null, after: show(after) }];
    }
    return sameJson(before, after) ? [] : [{ field: '', before: show(before), after: show(after ?? null) }];
  }
  const old = isRecord(before) ? before : {};
  return Object.entries(after)
    .filter(([field, v]) => !(field in old && sameJson(old[field], v)))
    .map(([field, v]) => ({ field, before: field in old ? show(old[field]) : null, after: show(v) }));
}
