// Turns an API refusal (4xx) into a form failure the page can show: the API's message and its
// field issues, and which item of a list the form was about. Anything else is rethrown.
import { type FieldIssue, inLanguage, type Lang } from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { ApiError } from './api';

export function failFromApi(error: unknown, id?: string, lang?: Lang) {
  if (error instanceof ApiError && error.status < 500) {
    const details = error.body.error.details as { issues?: FieldIssue[] } | undefined;
    // A sentence the API wrote "中文 (English)" is shown in the reader's language only.
    const issues = (details?.issues ?? []).map((i) =>
      lang ? { ...i, message: inLanguage(i.message, lang) } : i,
    );
    return fail(error.status, {
      id,
      issues,
      message: error.body.error.message as string | null,
    });
  }
  throw error;
}
