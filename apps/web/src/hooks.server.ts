// Per request: the reader's language (saved choice, else the browser's) and the staff
// session cookie. Security headers for every page; rendered pages go out compressed.
import { pickLang } from '@kaimen/contracts';
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { compressResponse } from '$lib/server/compress';
import { SESSION_COOKIE } from '$lib/server/session';

/**
 * An invitation link carries its token in the path. The exchange's answer (the redirect to the
 * clean /panel URL) sends no referrer at all. The link page itself sends one only to its own
 * origin: a page under "no-referrer" posts its forms with `Origin: null`, which the framework's
 * CSRF check rightly refuses, and the page loads nothing from elsewhere that could see it.
 */
function referrerPolicy(path: string, method: string): string {
  if (path.startsWith('/i/')) return method === 'GET' ? 'same-origin' : 'no-referrer';
  return 'strict-origin-when-cross-origin';
}

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
  response.headers.set('Referrer-Policy', referrerPolicy(event.url.pathname, event.request.method));
  response.headers.set('X-Frame-Options', 'DENY');
  // No page needs the camera, microphone, location or payment APIs; deny them to anything embedded too.
  response.headers.set(
    'Permissions-Policy',
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  );
  return compressResponse(event.request, response);
};

/**
 * An unexpected error: the operator's log gets the path and the error (never a form's
 * contents); the person gets the generic error page.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
  console.error(`[web] ${status} ${event.request.method} ${event.url.pathname}`, error);
};
