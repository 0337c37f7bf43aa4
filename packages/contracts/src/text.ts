// The one boundary for free text from outside (request bodies, queries, imported cells).
// PostgreSQL cannot store NUL, a lone surrogate cannot be encoded as UTF-8, and invisible
// controls and bidi overrides let a name display as something it is not; all are refused
// here, with a message naming the field, and what passes is NFC-normalised once so the
// same name typed on two systems compares equal.
import { z } from 'zod';
import type { Lang } from './i18n.ts';

/** Why a text was refused; `validate()` words it in the reader's language. */
export type TextProblem = 'control' | 'surrogate' | 'bidi' | 'formula';

// C0 controls, DEL and C1 controls. Tab, LF and CR are allowed only in multi-line fields
// (browsers send a textarea's line breaks as CRLF).
// (\p{Cc} is exactly C0, DEL and C1.)
const CONTROL_SINGLE = /\p{Cc}/u;
const CONTROL_MULTI = /(?![\t\n\r])\p{Cc}/u;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Embedding, override and isolate controls (the "Trojan Source" characters).
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** The first problem in a string, with the offending code point, or null when it is clean. */
export function findTextProblem(
  value: string,
  multiline = false,
): { problem: TextProblem; codePoint: string } | null {
  const hex = (m: RegExpExecArray) =>
    `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) return { problem: 'surrogate', codePoint: hex(surrogate) };
  const control = (multiline ? CONTROL_MULTI : CONTROL_SINGLE).exec(value);
  if (control) return { problem: 'control', codePoint: hex(control) };
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) return { problem: 'bidi', codePoint: hex(bidi) };
  return null;
}

export interface TextOptions {
  /** Longest length accepted, after normalisation and trimming. */
  max: number;
  /** Shortest length accepted, after trimming (0 by default). */
  min?: number;
  /** Allows tab and line breaks (a textarea). */
  multiline?: boolean;
  /** Trims surrounding white space (true by default). */
  trim?: boolean;
  /**
   * Refuses text starting with = + - @ (after trimming): a spreadsheet would run it as a
   * formula. For names, which every export carries; exports defuse them anyway.
   */
  noFormula?: boolean;
}

const FORMULA_START = /^[=+\-@]/;

/**
 * A free-text field. Every string a client sends that is not a closed format (uuid, date,
 * enum) goes through this, so the rules cannot differ between routes.
 */
export function text(opts: TextOptions) {
  let schema = z
    .string()
    .check((ctx) => {
      const found = findTextProblem(ctx.value, opts.multiline);
      if (!found) return;
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: textProblemMessage(found.problem, found.codePoint, '', 'en'),
        params: { textProblem: found.problem, codePoint: found.codePoint },
        abort: true,
      });
    })
    // Line breaks are stored as LF: a browser sends a textarea's as CRLF but counts each as one
    // character against its maxlength, so a comment it let through must not come out too long.
    .overwrite((s) => (opts.multiline ? s.replace(/\r\n?/g, '\n') : s).normalize('NFC'));
  if (opts.trim !== false) schema = schema.trim();
  if (opts.noFormula)
    schema = schema.check((ctx) => {
      if (!FORMULA_START.test(ctx.value)) return;
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: textProblemMessage('formula', ctx.value.slice(0, 1), '', 'en'),
        params: { textProblem: 'formula', codePoint: ctx.value.slice(0, 1) },
      });
    });
  if (opts.min !== undefined && opts.min > 0) schema = schema.min(opts.min);
  return schema.max(opts.max);
}

/** The person-facing message for a refused text, naming the field by its label when known. */
export function textProblemMessage(
  problem: TextProblem,
  codePoint: string,
  field: string,
  lang: Lang,
): string {
  const zh = field ? `${field}` : '';
  const en = field ? `${field.charAt(0).toUpperCase()}${field.slice(1)} ` : 'The text ';
  const messages: Record<TextProblem, Record<Lang, string>> = {
    control: {
      'zh-CN': `${zh}含有不可见的控制字符（${codePoint}），请删除后重试。`,
      en: `${en}contains an invisible control character (${codePoint}); remove it and try again.`,
    },
    surrogate: {
      'zh-CN': `${zh}含有无效的 Unicode 字符（不成对的代理项 ${codePoint}），请重新输入。`,
      en: `${en}contains an invalid Unicode character (lone surrogate ${codePoint}); retype it.`,
    },
    formula: {
      'zh-CN': `${zh}不能以“${codePoint}”开头：电子表格会把它当作公式执行，请改写开头。`,
      en: `${en}may not start with "${codePoint}": a spreadsheet would run it as a formula; reword the start.`,
    },
    bidi: {
      'zh-CN': `${zh}含有改变文字方向的控制字符（${codePoint}），请删除后重试。`,
      en: `${en}contains a text-direction control character (${codePoint}); remove it and try again.`,
    },
  };
  return messages[problem][lang];
}
