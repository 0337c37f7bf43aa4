import { loadRatingForm, submitRatingForm } from '$lib/server/rating-form';
import type { Actions, PageServerLoad } from './$types';

// Opening a one-time code only shows the form; the code is used up by the submission.
export const load: PageServerLoad = ({ params, locals, cookies, url }) =>
  loadRatingForm({ lang: locals.lang, visit: params.token, cookies, secure: url.protocol === 'https:' });

export const actions: Actions = {
  default: ({ request, locals, cookies, params, getClientAddress }) =>
    submitRatingForm({
      request,
      lang: locals.lang,
      cookies,
      clientAddress: getClientAddress(),
      target: { visitToken: params.token },
    }),
};
