// The import templates (CSV with the expected columns and two example rows): units by default,
// unit categories with ?kind=categories.
import { proxyDownload } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) =>
  proxyDownload(
    url.searchParams.get('kind') === 'categories'
      ? '/v1/setup/categories-template.csv'
      : '/v1/setup/units-template.csv',
    { lang: locals.lang, token: locals.sessionToken },
  );
