// Server side of the citizen rating page, shared by window codes (/r/<code>) and one-time
// visit codes (/r/v/<token>): load the form, and turn a plain HTML form post into a rating.
import { randomUUID } from 'node:crypto';
import {
  type FieldIssue,
  inLanguage,
  type Lang,
  ratingFormResponseSchema,
  submitRatingRequestSchema,
  submitRatingResponseSchema,
  validate,
} from '@kaimen/contracts';
import { type Cookies, error, fail, redirect } from '@sveltejs/kit';
import { ratingMessages } from '$lib/rating/messages';
import { ApiError, callApi } from './api';

const RATER_COOKIE = 'kaimen_rater';

export async function loadRatingForm(opts: {
  lang: Lang;
  code?: string;
  visit?: string;
  cookies: Cookies;
  secure: boolean;
}) {
  const query = opts.code
    ? `code=${encodeURIComponent(opts.code)}`
    : `visit=${encodeURIComponent(opts.visit ?? '')}`;
  const current = opts.cookies.get(RATER_COOKIE);
  try {
    const form = await callApi(ratingFormResponseSchema, `/v1/rating-form?${query}`, {
      lang: opts.lang,
      headers: current ? { 'x-rater-id': current } : {},
    });
    if (form.raterId !== current) {
      // An opaque per-browser id the API signed, for the per-window limits; carries nothing
      // personal. A browser that never sends it back gets the stricter bound.
      opts.cookies.set(RATER_COOKIE, form.raterId, {
        path: '/r',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secure,
        maxAge: 365 * 86_400,
      });
    }
    // A fresh key per page view: a double click or a resubmitted page stores one rating.
    return { form, idempotencyKey: randomUUID(), paused: null as string | null };
  } catch (e) {
    // A window paused by the organiser: a polite notice instead of the form.
    if (e instanceof ApiError && e.body.error.code === 'service_point_paused')
      return { form: null, idempotencyKey: '', paused: e.body.error.message };
    if (e instanceof ApiError && e.status < 500) error(e.status, e.body.error.message);
    throw e;
  }
}

export interface RatingFormValues {
  overall: string;
  aspects: Record<string, string>;
  comment: string;
  phone: string;
  consent: boolean;
}

export async function submitRatingForm(opts: {
  request: Request;
  lang: Lang;
  cookies: Cookies;
  clientAddress: string;
  target: { windowCode: string } | { visitToken: string };
}) {
  const data = await opts.request.formData();
  const text = (name: string) => String(data.get(name) ?? '');
  const aspects: Record<string, string> = {};
  for (const [name, value] of data) {
    if (name.startsWith('aspect.') && value !== '') aspects[name.slice(7)] = String(value);
  }
  const values: RatingFormValues = {
    overall: text('overall'),
    aspects,
    comment: text('comment'),
    phone: text('phone'),
    consent: data.get('consent') === 'yes',
  };
  const overall = Number(values.overall);
  const negative = overall === 1 || overall === 2;
  const input = {
    ...opts.target,
    idempotencyKey: text('idempotencyKey'),
    overall: values.overall === '' ? undefined : overall,
    aspects: Object.fromEntries(Object.entries(aspects).map(([k, v]) => [k, Number(v)])),
    comment: values.comment.trim() === '' ? undefined : values.comment,
    // A phone is sent only with a dissatisfied rating and only when one was typed.
    callback:
      negative && values.phone.trim() !== ''
        ? { phone: values.phone, consent: values.consent || undefined }
        : undefined,
    website: text('website') || undefined,
    formToken: text('formToken') || undefined,
    raterId: opts.cookies.get(RATER_COOKIE),
  };
  // Every problem of the form at once, each beside its field; this answer is worded from this
  // post alone, so a field the person has fixed carries no error from the last one.
  const checked = validate(submitRatingRequestSchema, input, opts.lang);
  if (!checked.ok) {
    // The one required answer gets a plain sentence of its own.
    const issues: FieldIssue[] = checked.issues.map((i) =>
      i.path === 'overall' && values.overall === ''
        ? { ...i, message: ratingMessages(opts.lang).chooseOverall }
        : i,
    );
    return fail(400, { values, issues, message: null as string | null });
  }
  let caseOpened = false;
  try {
    const answer = await callApi(submitRatingResponseSchema, '/v1/ratings', {
      lang: opts.lang,
      body: checked.data,
      headers: { 'x-forwarded-for': opts.clientAddress },
    });
    caseOpened = answer.caseOpened;
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) {
      const details = e.body.error.details as { issues?: FieldIssue[] } | undefined;
      // A used or expired form: the page comes back with a fresh form (load runs again after
      // a failed action) and the person's answers kept, to check and send again.
      const issues = (details?.issues ?? []).map((i) => ({
        ...i,
        message: inLanguage(i.message, opts.lang),
      }));
      return fail(e.status, { values, issues, message: e.body.error.message });
    }
    throw e;
  }
  redirect(303, caseOpened ? '/r/thanks?case=1' : '/r/thanks');
}
