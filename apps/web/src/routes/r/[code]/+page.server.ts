import { loadRatingForm, submitRatingForm } from '$lib/server/rating-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, cookies, url }) =>
  loadRatingForm({ lang: locals.lang, code: params.code, cookies, secure: url.protocol === 'https:' });

export const actions: Actions = {
  default: ({ request, locals, cookies, params, getClientAddress }) =>
    submitRatingForm({
      request,
      lang: locals.lang,
      cookies,
      clientAddress: getClientAddress(),
      target: { windowCode: params.code },
    }),
};
