import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'kaimen_session';

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: string, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(cookies: Cookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}
