// The organiser's audit log viewer: every write, newest first, filterable by action, record,
// actor and date, a page at a time; records named, not numbered, and what changed, old → new.
import { type AuditPage, auditQuerySchema } from '@kaimen/contracts';
import { auditRecordNames, listAudit, listAuditActors } from '@kaimen/db';
import { auditChanges, collectIds } from '@kaimen/domain';
import { Hono } from 'hono';
import { authorize } from '../access/authorize.ts';
import { scrubCommentText } from '../comments/comment-scrubber.ts';
import type { AppEnv } from '../deps.ts';
import { requestLang } from '../errors.ts';
import { readQuery } from '../validation.ts';

const ACTOR_KINDS: Record<string, string> = {
  evaluator: '受邀评议人 (invited evaluator)',
  agency_key: '评估机构接口 (agency API key)',
  device: '评价设备 (rating device)',
  system: '系统 (system)',
};
const WORDING = {
  'zh-CN': { yes: '是', no: '否', none: '（空）', listSeparator: '、' },
  en: { yes: 'yes', no: 'no', none: '(none)', listSeparator: ', ' },
};
/**
 * Free-text fields that may quote a citizen or the number a unit called back (a case step's
 * note): the organiser reads them scrubbed here, as in the case itself.
 */
const CITIZEN_TEXT: Record<string, readonly string[]> = { negative_rating_case: ['text'] };
const scrub = (v: string | null) => (v === null ? null : scrubCommentText(v).text);
const scrubFields = (value: unknown, fields: readonly string[]): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          fields.includes(k) && typeof v === 'string' ? scrub(v) : v,
        ]),
      )
    : value;

export const auditRoutes = new Hono<AppEnv>().get('/audit-log', async (c) => {
  const actor = await authorize(c, ['organiser_admin']);
  const query = readQuery(c, auditQuerySchema);
  const { db } = c.var.deps;
  const { rows, total, page } = await listAudit(db, { organiserId: actor.organiserId, ...query });
  const uuids = new Set<string>();
  const ratingIds: string[] = [];
  for (const r of rows) {
    if (r.entity === 'citizen_rating' && r.entity_id && /^\d+$/.test(r.entity_id))
      ratingIds.push(r.entity_id);
    else collectIds(r.entity_id, uuids);
    collectIds(r.before, uuids);
    collectIds(r.after, uuids);
  }
  const names = await auditRecordNames(db, actor.organiserId, { uuids: [...uuids], ratingIds });
  const wording = { ...WORDING[requestLang(c)], nameOf: (id: string) => names.get(id) };
  const body: AuditPage = {
    items: rows.map((r) => {
      const changes = auditChanges(r.before, r.after, wording);
      const quoting = CITIZEN_TEXT[r.entity] ?? [];
      return {
        id: Number(r.id),
        at: r.at.toISOString(),
        // Evaluators are never named here: an anonymous panel stays anonymous in its audit trail.
        actor:
          r.actor_kind === 'staff' ? (r.display_name ?? '—') : (ACTOR_KINDS[r.actor_kind] ?? r.actor_kind),
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        entityName:
          r.entity_id === null
            ? null
            : (names.get(
                r.entity === 'citizen_rating' ? `rating:${r.entity_id}` : r.entity_id.toLowerCase(),
              ) ?? null),
        changes: changes.map((x) =>
          quoting.includes(x.field) ? { ...x, before: scrub(x.before), after: scrub(x.after) } : x,
        ),
        before: scrubFields(r.before, quoting),
        after: scrubFields(r.after, quoting),
      };
    }),
    total,
    page,
    pageSize: query.pageSize,
    actors: await listAuditActors(db, actor.organiserId),
  };
  return c.json(body);
});
