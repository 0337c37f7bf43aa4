// Per request: the reader's language (saved choice, else the browser's) and the staff
// session cookie. Security headers for every page.
import { pickLang } from '@kaimen/contracts';
import type { Handle } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/session';

export const handle: Handle = async ({ event, resolve }) => {
  const saved = event.cookies.get('lang');
  event.locals.lang =
    saved === 'en' || saved === 'zh-CN' ? saved : pickLang(event.request.headers.get('accept-language'));
  event.locals.sessionToken = event.cookies.get(SESSION_COOKIE);
  const response = await resolve(event, {
    transformPageChunk: ({ html }) =>
      html.replace('<html lang="zh-CN">', `<html lang="${event.locals.lang}">`),
  });
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  response.headers.set('X-Frame-Options', 'DENY');
  return response;
};
