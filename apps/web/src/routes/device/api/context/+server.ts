import { forwardDeviceCall } from '$lib/server/device-proxy';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, getClientAddress }) =>
  forwardDeviceCall({ request, path: '/v1/device/context', clientAddress: getClientAddress() });
