import { auditPageSchema, auditQuerySchema } from '@kaimen/contracts';
import { callApi } from '$lib/server/api';
import { listQuery } from '$lib/server/list-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { query, search, issues } = listQuery(auditQuerySchema, url, locals.lang);
  const page = await callApi(auditPageSchema, `/v1/audit-log?${search}`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
  return { page, query, issues };
};
