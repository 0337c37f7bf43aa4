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

/** The page shows an issue beside its input: `score_<indicator>` or `comment_<indicator>`. */
function fieldOf(path: string, typed: { id: string }[]): string {
  const m = /^scores\.(\d+)\.(score|comment|indicatorId)$/.exec(path);
  const id = m ? typed[Number(m[1])]?.id : undefined;
  if (!m || !id) return path;
  return m[2] === 'comment' ? `comment_${id}` : `score_${id}`;
}

export const actions: Actions = {
  save: async ({ request, locals, params: p, url }) => {
    const path = target(p.unitId, url);
    const opts = { lang: locals.lang, token: locals.sessionToken };
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
    const values = Object.fromEntries(
      ids.flatMap((id) => [
        [`score_${id}`, String(form.get(`score_${id}`) ?? '')],
        [`comment_${id}`, String(form.get(`comment_${id}`) ?? '')],
      ]),
    );
    // Every problem of the form at once: what is not a number, what is off its indicator's
    // scale and what the schema refuses (a comment too long), each beside its field.
    const sheet = await callApi(unitScoreFormSchema, path, opts);
    const indicator = new Map(sheet.indicators.map((i) => [i.id, i]));
    const en = locals.lang === 'en';
    const issues: FieldIssue[] = [];
    for (const x of typed) {
      const i = indicator.get(x.id);
      const name = i?.name ?? '';
      if (!/^-?\d+(\.\d+)?$/.test(x.raw)) {
        issues.push({
          path: `score_${x.id}`,
          message: en ? `${name}: enter a number` : `${name}：分数须为数字`,
        });
      } else if (i && (Number(x.raw) < i.scaleMin || Number(x.raw) > i.scaleMax)) {
        issues.push({
          path: `score_${x.id}`,
          message: en
            ? `${name}: the score must be between ${i.scaleMin} and ${i.scaleMax}`
            : `${name}：分数须在 ${i.scaleMin} 至 ${i.scaleMax} 之间`,
        });
      }
    }
    const numeric = typed.filter((x) => /^-?\d+(\.\d+)?$/.test(x.raw));
    const input = {
      scores: numeric.map((x) => ({
        indicatorId: x.id,
        score: Number(x.raw),
        comment: x.comment.trim() || undefined,
      })),
    };
    const checked = validate(unitScoresInputSchema, input, locals.lang);
    if (!checked.ok)
      for (const i of checked.issues) {
        const field = fieldOf(i.path, numeric);
        if (!issues.some((known) => known.path === field)) issues.push({ ...i, path: field });
      }
    if (issues.length > 0 || !checked.ok) return fail(400, { issues, message: null, values });
    try {
      await callApi(z.unknown(), path, { ...opts, method: 'PUT', body: checked.data });
    } catch (e) {
      const failure = failFromApi(e, undefined, locals.lang);
      // The API names a score by its place in the list; the page shows it beside its indicator.
      failure.data.issues = failure.data.issues.map((i) => ({ ...i, path: fieldOf(i.path, numeric) }));
      return fail(failure.status, { ...failure.data, values });
    }
    return { saved: true };
  },
};
