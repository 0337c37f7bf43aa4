import { auditPageSchema, auditQuerySchema, validate } from '@kaimen/contracts';
import { callApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v.trim() !== ''));
  const checked = validate(auditQuerySchema, raw, locals.lang);
  const query = checked.ok ? checked.data : {};
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();
  const page = await callApi(auditPageSchema, `/v1/audit-log${search ? `?${search}` : ''}`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
  return { page, query, issues: checked.ok ? [] : checked.issues };
};
