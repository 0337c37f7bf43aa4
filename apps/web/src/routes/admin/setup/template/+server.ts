// The unit import template (CSV with the expected columns and two example rows).
import { proxyDownload } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
  proxyDownload('/v1/setup/units-template.csv', { lang: locals.lang, token: locals.sessionToken });
