// Switches the UI language with a plain link (no JavaScript needed) and goes back.
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, url, cookies }) => {
  const lang = params.lang === 'en' ? 'en' : 'zh-CN';
  cookies.set('lang', lang, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 365 * 86_400 });
  const next = url.searchParams.get('next') ?? '/';
  // Only same-site paths: never an open redirect.
  redirect(303, next.startsWith('/') && !next.startsWith('//') ? next : '/');
};
