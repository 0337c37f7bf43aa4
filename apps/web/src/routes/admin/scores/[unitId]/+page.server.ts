import { type FieldIssue, unitScoreFormSchema, unitScoresInputSchema, validate } from '@kaimen/contracts';
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { ApiError, callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

const params = z.object({ unitId: z.uuid(), cycle: z.uuid() });

function target(unitId: string, url: URL) {
  const parsed = params.safeParse({ unitId, cycle: url.searchParams.get('cycle') });
  if (!parsed.success) error(404, 'not found');
  return `/v1/cycles/${parsed.data.cycle}/score-sheet/units/${parsed.data.unitId}`;
}

export const load: PageServerLoad = async ({ locals, params: p, url }) => {
  try {
    return {
      sheet: await callApi(unitScoreFormSchema, target(p.unitId, url), {
        lang: locals.lang,
        token: locals.sessionToken,
      }),
    };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, e.message);
    throw e;
  }
};

export const actions: Actions = {
  save: async ({ request, locals, params: p, url }) => {
    const path = target(p.unitId, url);
    const form = await request.formData();
    const ids = form.getAll('indicatorId').map(String);
    // Blank means "no opinion on this indicator"; anything typed must be a number.
    const typed = ids
      .map((id) => ({
        id,
        raw: String(form.get(`score_${id}`) ?? '').trim(),
        comment: String(form.get(`comment_${id}`) ?? ''),
      }))
      .filter((x) => x.raw !== '');
    const values = Object.fromEntries(ids.map((id) => [id, String(form.get(`score_${id}`) ?? '')]));
    const notNumbers: FieldIssue[] = typed
      .filter((x) => !/^-?\d+(\.\d+)?$/.test(x.raw))
      .map((x) => ({ path: x.id, message: locals.lang === 'en' ? 'enter a number' : '请填写数字' }));
    if (notNumbers.length > 0) return fail(400, { issues: notNumbers, message: null, values });
    const input = {
      scores: typed.map((x) => ({
        indicatorId: x.id,
        score: Number(x.raw),
        comment: x.comment.trim() || undefined,
      })),
    };
    const checked = validate(unitScoresInputSchema, input, locals.lang);
    if (!checked.ok) return fail(400, { issues: checked.issues, message: null, values });
    try {
      await callApi(z.unknown(), path, {
        lang: locals.lang,
        token: locals.sessionToken,
        method: 'PUT',
        body: checked.data,
      });
    } catch (e) {
      const failure = failFromApi(e);
      // The API names a score by its place in the list; the page shows it beside its indicator.
      failure.data.issues = failure.data.issues.map((i) => {
        const index = /^scores\.(\d+)\./.exec(i.path)?.[1];
        return index === undefined ? i : { ...i, path: typed[Number(index)]?.id ?? i.path };
      });
      return fail(failure.status, { ...failure.data, values });
    }
    return { saved: true };
  },
};
