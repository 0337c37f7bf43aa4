import { nextVisitQuerySchema } from '@kaimen/contracts';
import { error } from '@sveltejs/kit';
import { forwardDeviceCall } from '$lib/server/device-proxy';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url, getClientAddress }) => {
  const query = nextVisitQuerySchema.safeParse({ after: url.searchParams.get('after') });
  if (!query.success) error(400, 'after must be a time');
  return forwardDeviceCall({
    request,
    path: `/v1/device/visits/next?after=${encodeURIComponent(query.data.after)}`,
    clientAddress: getClientAddress(),
  });
};
