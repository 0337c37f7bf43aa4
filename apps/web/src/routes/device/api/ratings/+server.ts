import { submitRatingRequestSchema } from '@kaimen/contracts';
import { json } from '@sveltejs/kit';
import { forwardDeviceCall } from '$lib/server/device-proxy';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, getClientAddress }) => {
  const body = submitRatingRequestSchema.safeParse(await request.json().catch(() => undefined));
  if (!body.success)
    return json(
      { error: { code: 'validation_failed', message: '评价内容无效 (invalid rating)' } },
      { status: 400 },
    );
  return forwardDeviceCall({
    request,
    path: '/v1/ratings',
    clientAddress: getClientAddress(),
    body: body.data,
  });
};
