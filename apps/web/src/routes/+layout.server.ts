import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
  lang: locals.lang,
  signedIn: locals.sessionToken !== undefined,
  path: url.pathname + url.search,
});
