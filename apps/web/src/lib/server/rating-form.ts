// Server side of the citizen rating page, shared by window codes (/r/<code>) and one-time
// visit codes (/r/v/<token>): load the form, and turn a plain HTML form post into a rating.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  type FieldIssue,
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
  try {
    const form = await callApi(ratingFormResponseSchema, `/v1/rating-form?${query}`, { lang: opts.lang });
    if (!opts.cookies.get(RATER_COOKIE)) {
      // An opaque per-browser id for the per-window daily limit; carries nothing personal.
      opts.cookies.set(RATER_COOKIE, randomBytes(16).toString('base64url'), {
        path: '/r',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secure,
        maxAge: 365 * 86_400,
      });
    }
    // A fresh key per page view: a double click or a resubmitted page stores one rating.
    return { form, idempotencyKey: randomUUID() };
  } catch (e) {
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
  if (values.overall === '') {
    // The one required answer gets a plain sentence rather than a schema message.
    const issues: FieldIssue[] = [{ path: 'overall', message: ratingMessages(opts.lang).chooseOverall }];
    return fail(400, { values, issues, message: null as string | null });
  }
  const checked = validate(submitRatingRequestSchema, input, opts.lang);
  if (!checked.ok) return fail(400, { values, issues: checked.issues, message: null as string | null });
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
      return fail(e.status, { values, issues: details?.issues ?? [], message: e.body.error.message });
    }
    throw e;
  }
  redirect(303, caseOpened ? '/r/thanks?case=1' : '/r/thanks');
}
