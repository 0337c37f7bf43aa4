// An API refusal becomes a form failure whose sentences are in the reader's language: one the
// API wrote "中文 (English)" shows only the half the request asked for.
import { describe, expect, it, vi } from 'vitest';

vi.mock('$env/dynamic/private', () => ({ env: {} }));
const { ApiError } = await import('./api');
const { failFromApi } = await import('./form-failure');

const body = {
  error: {
    code: 'validation_failed',
    message: 'The request is not valid; please check it.',
    details: {
      issues: [
        { path: 'verifiedComplaintCount', message: '查实件数不能多于投诉件数 (verified ≤ complaints)' },
      ],
    },
  },
};

describe('failFromApi', () => {
  it('shows an API sentence in the language the request asked for', () => {
    expect(failFromApi(new ApiError(400, body, 'en')).data.issues).toEqual([
      { path: 'verifiedComplaintCount', message: 'verified ≤ complaints' },
    ]);
    expect(failFromApi(new ApiError(400, body, 'zh-CN')).data.issues[0]?.message).toBe(
      '查实件数不能多于投诉件数',
    );
    // The caller's language wins; with none known the sentence is left whole.
    expect(failFromApi(new ApiError(400, body, 'en'), undefined, 'zh-CN').data.issues[0]?.message).toBe(
      '查实件数不能多于投诉件数',
    );
    expect(failFromApi(new ApiError(400, body)).data.issues[0]?.message).toContain('(verified');
  });

  it('rethrows what is not a refusal', () => {
    expect(() => failFromApi(new ApiError(500, body, 'en'))).toThrow();
  });
});
