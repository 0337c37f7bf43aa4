// The organiser's audit log viewer: every write, newest first, filterable by action and record.
import { type AuditPage, auditQuerySchema } from '@kaimen/contracts';
import { listAudit } from '@kaimen/db';
import { Hono } from 'hono';
import { authorize } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { readQuery } from '../validation.ts';

const PAGE = 50;
const ACTOR_KINDS: Record<string, string> = {
  evaluator: '受邀评议人 (invited evaluator)',
  agency_key: '评估机构接口 (agency API key)',
  device: '评价设备 (rating device)',
  system: '系统 (system)',
};

export const auditRoutes = new Hono<AppEnv>().get('/audit-log', async (c) => {
  const actor = await authorize(c, ['organiser_admin']);
  const query = readQuery(c, auditQuerySchema);
  const rows = await listAudit(c.var.deps.db, { organiserId: actor.organiserId, ...query, limit: PAGE + 1 });
  const page: AuditPage = {
    entries: rows.slice(0, PAGE).map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      // Evaluators are never named here: an anonymous panel stays anonymous in its audit trail.
      actor: r.actor_kind === 'staff' ? (r.display_name ?? '—') : (ACTOR_KINDS[r.actor_kind] ?? r.actor_kind),
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
    })),
    next: rows.length > PAGE ? Number(rows[PAGE - 1]?.id) : null,
  };
  return c.json(page);
});
