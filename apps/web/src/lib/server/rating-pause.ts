// Pausing and resuming QR rating at a window (quarantine screen and dashboard alerts).
import { ratingPauseResponseSchema, ratingPauseSchema, validate } from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { callApi } from './api';
import { failFromApi } from './form-failure';

export async function pauseOrResume(request: Request, locals: App.Locals, pause: boolean) {
  const form = await request.formData();
  const id = String(form.get('servicePointId') ?? '');
  if (!/^[0-9a-f-]{36}$/.test(id)) return fail(400, { id, issues: [], message: null as string | null });
  const checked = pause
    ? validate(ratingPauseSchema, { reason: String(form.get('reason') ?? '') }, locals.lang)
    : ({ ok: true, data: {} } as const);
  if (!checked.ok) return fail(400, { id, issues: checked.issues, message: null as string | null });
  try {
    await callApi(
      ratingPauseResponseSchema,
      `/v1/service-points/${id}/rating-${pause ? 'pause' : 'resume'}`,
      {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      },
    );
    return { done: id, decided: 0 };
  } catch (e) {
    return failFromApi(e, id);
  }
}
