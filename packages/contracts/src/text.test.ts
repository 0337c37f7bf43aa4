import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findTextProblem, text } from './text.ts';
import { validate } from './validate.ts';

describe('findTextProblem', () => {
  it('finds controls, lone surrogates and bidi controls, and passes real text', () => {
    expect(findTextProblem('a\u0000b')).toEqual({ problem: 'control', codePoint: 'U+0000' });
    expect(findTextProblem('a\u009bb')).toEqual({ problem: 'control', codePoint: 'U+009B' });
    expect(findTextProblem('a\u007f')?.problem).toBe('control');
    expect(findTextProblem('\ud800x')).toEqual({ problem: 'surrogate', codePoint: 'U+D800' });
    expect(findTextProblem('x\udfff')?.problem).toBe('surrogate');
    expect(findTextProblem('\u2067x')?.problem).toBe('bidi');
    expect(findTextProblem('a\tb')?.problem).toBe('control');
    expect(findTextProblem('a\tb\r\nc', true)).toBeNull();
    expect(findTextProblem('a\u000bb', true)?.problem).toBe('control');
    expect(findTextProblem('省税务局 😀 Café ‏')).toBeNull();
  });
});

describe('text()', () => {
  const schema = z.object({ name: text({ min: 1, max: 3 }) });
  it('normalises to NFC before measuring, and trims', () => {
    expect(validate(schema, { name: ' e\u0301e\u0301e\u0301 ' }, 'en')).toEqual({
      ok: true,
      data: { name: 'ééé' },
    });
  });
  it('names the field in the reader language', () => {
    const zh = validate(schema, { name: 'a\u0000' }, 'zh-CN');
    const en = validate(schema, { name: 'a\u0000' }, 'en');
    expect(zh).toMatchObject({
      ok: false,
      issues: [{ path: 'name', message: expect.stringContaining('名称含有') }],
    });
    expect(en).toMatchObject({
      ok: false,
      issues: [{ path: 'name', message: expect.stringContaining('Name contains') }],
    });
  });
  it('stores a multi-line field’s line breaks as LF and counts each as one character, as the browser does', () => {
    const comment = z.object({ comment: text({ max: 5, multiline: true }) });
    expect(validate(comment, { comment: 'a\r\nb\r\nc' }, 'zh-CN')).toEqual({
      ok: true,
      data: { comment: 'a\nb\nc' },
    });
  });
});
