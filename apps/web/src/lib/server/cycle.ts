// The console's cycle context: which cycle every cycle-bound screen shows. The one asked for in
// the address (?cycle=, which the header's picker sends and which is then remembered in a
// cookie, so it holds across screens without JavaScript), else the remembered one, else the
// API's default (packages/domain chooseCurrentCycle: the open cycle, else the newest whose
// rating ended, never silently a draft). Resolved once per request: the layout and the page
// share it through `locals`.
import { cyclesResponseSchema } from '@kaimen/contracts';
import type { Cookies } from '@sveltejs/kit';
import { callApi } from './api';

export const CYCLE_COOKIE = 'kaimen_cycle';

type Cycles = Awaited<ReturnType<typeof fetchCycles>>;
export type CycleContext = {
  cycles: Cycles['cycles'];
  cycle: Cycles['cycles'][number] | null;
  /** 'asked' when the person chose it; otherwise the step of the default rule that found it. */
  reason: Cycles['current']['reason'];
};

const fetchCycles = (locals: App.Locals) =>
  callApi(cyclesResponseSchema, '/v1/cycles', { lang: locals.lang, token: locals.sessionToken });

async function resolveContext(event: {
  locals: App.Locals;
  cookies: Cookies;
  url: URL;
}): Promise<CycleContext> {
  const { cycles, current } = await fetchCycles(event.locals);
  const fromUrl = cycles.find((c) => c.id === event.url.searchParams.get('cycle'));
  if (fromUrl)
    event.cookies.set(CYCLE_COOKIE, fromUrl.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: event.url.protocol === 'https:',
      maxAge: 60 * 60 * 24 * 90,
    });
  // A remembered cycle that is gone (or another organiser's) falls back to the default.
  const chosen = fromUrl ?? cycles.find((c) => c.id === event.cookies.get(CYCLE_COOKIE));
  if (chosen) return { cycles, cycle: chosen, reason: 'asked' };
  return { cycles, cycle: cycles.find((c) => c.id === current.id) ?? null, reason: current.reason };
}

/** The request's cycle context (one API call however many loads ask). */
export function cycleContext(event: {
  locals: App.Locals;
  cookies: Cookies;
  url: URL;
}): Promise<CycleContext> {
  event.locals.cycleContext ??= resolveContext(event);
  return event.locals.cycleContext;
}
