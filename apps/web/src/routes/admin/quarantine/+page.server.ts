import {
  HELD_REASONS,
  quarantineBatchDecisionResponseSchema,
  quarantineBatchDecisionSchema,
  quarantineBatchesResponseSchema,
  quarantineBulkDecisionResponseSchema,
  quarantineBulkDecisionSchema,
  quarantineListQuerySchema,
  quarantineListResponseSchema,
  unitListResponseSchema,
  validate,
} from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import { listQuery } from '$lib/server/list-query';
import { pauseOrResume } from '$lib/server/rating-pause';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  // The batches (one window, one day, one reason) stay a view of their own: they explain a
  // window's bound; the list decides any selection at once.
  if (url.searchParams.get('view') === 'batches') {
    return {
      view: 'batches' as const,
      queue: await callApi(quarantineBatchesResponseSchema, '/v1/quarantine/batches', opts),
    };
  }
  const { query, search, issues } = listQuery(quarantineListQuerySchema, url, locals.lang);
  const [list, units] = await Promise.all([
    callApi(quarantineListResponseSchema, `/v1/quarantine?${search}`, opts),
    callApi(unitListResponseSchema, '/v1/units', opts),
  ]);
  return {
    view: 'list' as const,
    list,
    query,
    issues,
    units: units.units,
    reasons: [...HELD_REASONS],
  };
};

const batchId = (f: FormData) => `${f.get('servicePointId')}|${f.get('day')}|${f.get('reason')}`;

export const actions: Actions = {
  bulk: async ({ request, locals, url }) => {
    const form = await request.formData();
    const ids = form.getAll('ratingId').map(String);
    const all = String(form.get('all') ?? '');
    // "All matching" takes the filter the list was shown with: the page's own query string.
    const filter = listQuery(quarantineListQuerySchema, url, locals.lang).query;
    const checked = validate(
      quarantineBulkDecisionSchema,
      {
        decision: form.get('decision'),
        reason: String(form.get('reason') ?? ''),
        ...(all
          ? { all: { asOfId: all, reason: filter.reason, unitId: filter.unitId } }
          : ids.length > 0
            ? { ratingIds: ids }
            : {}),
      },
      locals.lang,
    );
    if (!checked.ok) return fail(400, { bulk: true, issues: checked.issues, message: null as string | null });
    try {
      const { decided } = await callApi(quarantineBulkDecisionResponseSchema, '/v1/quarantine/decisions', {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
      return { bulkDecided: decided };
    } catch (e) {
      const failure = failFromApi(e, 'bulk');
      return fail(failure.status, { ...failure.data, bulk: true });
    }
  },
  decide: async ({ request, locals }) => {
    const form = await request.formData();
    const id = batchId(form);
    const checked = validate(
      quarantineBatchDecisionSchema,
      {
        servicePointId: form.get('servicePointId'),
        day: form.get('day'),
        reason: form.get('reason'),
        decision: form.get('decision'),
        note: String(form.get('note') ?? ''),
      },
      locals.lang,
    );
    if (!checked.ok) return fail(400, { id, issues: checked.issues, message: null as string | null });
    try {
      const { decided } = await callApi(
        quarantineBatchDecisionResponseSchema,
        '/v1/quarantine/batches/decision',
        {
          lang: locals.lang,
          token: locals.sessionToken,
          body: checked.data,
        },
      );
      return { done: id, decided };
    } catch (e) {
      return failFromApi(e, id);
    }
  },
  pause: async ({ request, locals }) => pauseOrResume(request, locals, true),
  resume: async ({ request, locals }) => pauseOrResume(request, locals, false),
};
