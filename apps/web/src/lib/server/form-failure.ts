// Turns an API refusal (4xx) into a form failure the page can show: the API's message and its
// field issues, and which item of a list the form was about. Anything else is rethrown.
import type { FieldIssue } from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { ApiError } from './api';

export function failFromApi(error: unknown, id?: string) {
  if (error instanceof ApiError && error.status < 500) {
    const details = error.body.error.details as { issues?: FieldIssue[] } | undefined;
    return fail(error.status, {
      id,
      issues: details?.issues ?? [],
      message: error.body.error.message as string | null,
    });
  }
  throw error;
}
