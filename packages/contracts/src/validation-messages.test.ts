import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldPaths, labelFields, labelFor } from './field-labels.ts';
import type { Lang } from './i18n.ts';
import * as contracts from './index.ts';
import { text } from './text.ts';
import { validate } from './validate.ts';

const labels = {
  comment: { 'zh-CN': '评论', en: 'comment' },
  year: { 'zh-CN': '年份', en: 'year' },
  k: { 'zh-CN': 'k', en: 'k' },
  tags: { 'zh-CN': '标签', en: 'tags' },
  code: { 'zh-CN': '代码', en: 'code' },
  day: { 'zh-CN': '日期', en: 'day' },
  id: { 'zh-CN': '单位', en: 'unit' },
  mail: { 'zh-CN': '电子邮箱', en: 'e-mail' },
  state: { 'zh-CN': '状态', en: 'state' },
  consent: { 'zh-CN': '同意回访', en: 'consent to a call back' },
  step: { 'zh-CN': '步长', en: 'step' },
  when: { 'zh-CN': '时间', en: 'time' },
  share: { 'zh-CN': '占比', en: 'share' },
  n: { 'zh-CN': '件数', en: 'count' },
};

const form = labelFields(
  z.object({
    comment: text({ max: 500, multiline: true }).optional(),
    name: text({ min: 1, max: 10 }).optional(),
    code: text({ min: 3, max: 8 })
      .regex(/^[a-z]+$/)
      .optional(),
    year: z.number().int().min(2000).max(2100).optional(),
    k: z.number().int().min(5).optional(),
    share: z.number().gt(0).lt(1).optional(),
    n: z.number().int().nonnegative().optional(),
    step: z.number().multipleOf(5).optional(),
    tags: z.array(z.string()).min(1).max(2).optional(),
    day: z.iso.date().optional(),
    when: z.iso.datetime().optional(),
    id: z.uuid().optional(),
    mail: z.email().optional(),
    state: z.enum(['open', 'closed']).optional(),
    consent: z.literal(true).optional(),
    pair: z
      .string()
      .refine((s) => s.includes(':'), { error: '须为“键:值” (a key:value pair)' })
      .optional(),
  }),
  labels,
);

function message(input: Record<string, unknown>, lang: Lang = 'zh-CN') {
  const result = validate(form, input, lang);
  if (result.ok) throw new Error('expected a failure');
  return result.issues.map((i) => `${i.path}: ${i.message}`);
}

// Nothing a person reads may be the validator's own words in either language.
const RAW = /期望|expected|无效输入|Invalid input|Too (big|small)|数值过|<=|>=/i;

describe('the validation message catalogue', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    [
      'too_big string',
      { comment: 'x'.repeat(734) },
      'comment: 评论最多 500 字，现在 734 字',
      'comment: Comment: at most 500 characters (734 given)',
    ],
    ['too_small string (empty)', { name: '  ' }, 'name: 请填写名称', 'name: Name: required'],
    [
      'too_small string',
      { code: 'ab' },
      'code: 代码至少 3 字，现在 2 字',
      'code: Code: at least 3 characters (2 given)',
    ],
    [
      'too_big number, range',
      { year: 2200 },
      'year: 年份须在 2000 至 2100 之间',
      'year: Year: must be between 2000 and 2100',
    ],
    [
      'too_small number, range',
      { year: 1999 },
      'year: 年份须在 2000 至 2100 之间',
      'year: Year: must be between 2000 and 2100',
    ],
    ['too_small number', { k: 2 }, 'k: k 至少为 5', 'k: K: at least 5'],
    ['too_small number, exclusive', { share: 0 }, 'share: 占比须大于 0', 'share: Share: must be more than 0'],
    ['too_big number, exclusive', { share: 1 }, 'share: 占比须小于 1', 'share: Share: must be less than 1'],
    ['nonnegative', { n: -1 }, 'n: 件数至少为 0', 'n: Count: at least 0'],
    ['not_multiple_of', { step: 7 }, 'step: 步长须为 5 的整数倍', 'step: Step: must be a multiple of 5'],
    ['too_small array', { tags: [] }, 'tags: 标签至少选择一项', 'tags: Tags: choose at least one'],
    [
      'too_big array',
      { tags: ['a', 'b', 'c'] },
      'tags: 标签最多 2 项，现在 3 项',
      'tags: Tags: at most 2 items (3 given)',
    ],
    ['invalid_type number', { year: 'abc' }, 'year: 年份须为数字', 'year: Year: enter a number'],
    ['invalid_type int', { year: 2020.5 }, 'year: 年份须为整数', 'year: Year: enter a whole number'],
    ['invalid_type string', { comment: 5 }, 'comment: 评论须为文字', 'comment: Comment: enter text'],
    ['invalid_type array', { tags: 'a' }, 'tags: 标签须为一组值', 'tags: Tags: a list of values'],
    [
      'invalid_format date',
      { day: '2026-13-01' },
      'day: 日期须为日期，如 2026-01-31',
      'day: Day: a date like 2026-01-31',
    ],
    [
      'invalid_format datetime',
      { when: 'soon' },
      'when: 时间须为日期和时间，如 2026-01-31T09:00:00Z',
      'when: Time: a date and time like 2026-01-31T09:00:00Z',
    ],
    ['invalid_format uuid', { id: 'x' }, 'id: 单位不是有效的编号', 'id: Unit: not a valid id'],
    [
      'invalid_format email',
      { mail: 'x' },
      'mail: 电子邮箱不是有效的电子邮箱',
      'mail: E-mail: not a valid e-mail address',
    ],
    ['invalid_format regex', { code: 'ABC' }, 'code: 代码的格式不对', 'code: Code: not in the expected form'],
    ['enum', { state: 'gone' }, 'state: 状态须从给出的选项中选择', 'state: State: choose one of the options'],
    [
      'missing required checkbox',
      { consent: false },
      'consent: 请勾选“同意回访”',
      'consent: Please tick “consent to a call back”',
    ],
    [
      'custom (the schema’s own sentence, the reader’s half of it)',
      { pair: 'x' },
      'pair: 须为“键:值”',
      'pair: a key:value pair',
    ],
    [
      'custom text problem',
      { name: 'a\u0000' },
      'name: 名称含有不可见的控制字符（U+0000），请删除后重试。',
      'name: Name contains an invisible control character (U+0000); remove it and try again.',
    ],
  ];
  for (const [what, input, zh, en] of cases) {
    it(`words ${what} with the field's label and the allowed range`, () => {
      expect(message(input)).toEqual([zh]);
      expect(message(input, 'en')).toEqual([en]);
    });
  }

  it('words a missing required field, and reports every issue of the form at once', () => {
    const required = labelFields(z.object({ year: z.number(), consent: z.literal(true) }), labels);
    const zh = validate(required, {}, 'zh-CN');
    expect(zh).toEqual({
      ok: false,
      issues: [
        { path: 'year', message: '请填写年份' },
        { path: 'consent', message: '请勾选“同意回访”' },
      ],
    });
    expect(message({ comment: 'x'.repeat(501), year: 1, tags: [] })).toHaveLength(3);
  });

  it('words a body with fields it does not take, and a body that is not an object', () => {
    const strict = z.object({ a: z.string() }).strict();
    expect(validate(strict, { a: 'x', validDays: 3 }, 'zh-CN')).toMatchObject({
      issues: [{ path: '', message: '不接受的字段：validDays' }],
    });
    expect(validate(strict, 'x', 'en')).toMatchObject({
      issues: [{ path: '', message: 'The request: not valid' }],
    });
    expect(validate(z.union([z.number(), z.boolean()]), 'x', 'zh-CN')).toMatchObject({
      issues: [{ message: '提交的内容的内容无效' }],
    });
  });

  it('words invalid record keys and elements by the field they belong to', () => {
    const rec = z.object({ aspects: z.record(z.string().regex(/^[a-z]+$/), z.number().int().min(1).max(5)) });
    const result = validate(rec, { aspects: { speed: 9 } }, 'zh-CN');
    expect(result).toMatchObject({
      issues: [{ path: 'aspects.speed', message: '分项评价须在 1 至 5 之间' }],
    });
    const keys = validate(
      z.object({ aspects: z.record(z.string().regex(/^[a-z]+$/), z.number()) }),
      { aspects: { X: 1 } },
      'en',
    );
    expect(keys).toMatchObject({ issues: [{ message: expect.stringMatching(/^Aspect ratings: /) }] });
  });

  it('finds a label by the whole path, by the record or array it is in, and by its key', () => {
    expect(
      labelFor(['scores', 3, 'score'], { 'scores.*.score': { 'zh-CN': '分', en: 'points' } })?.['zh-CN'],
    ).toBe('分');
    expect(labelFor(['scores', 3, 'score'], undefined)?.['zh-CN']).toBe('分数');
    expect(labelFor(['scores', 3], undefined)?.['zh-CN']).toBe('评分');
    expect(labelFor([], undefined)?.['zh-CN']).toBe('提交的内容');
  });
});

describe('every field a person or a client can send has a label', () => {
  // Every request schema the API reads or a web form checks (…Input, …Request, …Query and the
  // other action bodies), found by name so a new one is covered without editing this test.
  const INPUT = /(Input|Request|Query|Patch|Decision|Action|Row|Param|Exchange|Pause|Schema)Schema$/;
  const NOT_INPUT =
    /(Response|Preview|Sheet|Form|Report|Summary|Setup|Result|Item|Items|List|Status|Board|Overview|Body|Entry|Log|Cases?|Catalogue|Keys?|Release|Releases|Table|Tree|Structure|Points|Versions|Chart|Dashboard|Standings|Coverage|Outcome|Outcomes|Health|Breakdown|Me|Issue|Detail|Titles?|Findings|Opinions|Device|Visit|Terms|Lag|Alerts?|Batches|Participation|Home|Unit|Calendar|Codebook|Download|Invitations|Issued|Session)Schema$/;
  const schemas = Object.entries(contracts).filter(
    ([name, value]) => value instanceof z.ZodType && INPUT.test(name) && !NOT_INPUT.test(name),
  );

  it('finds the request schemas', () => {
    expect(schemas.map(([n]) => n)).toEqual(
      expect.arrayContaining([
        'submitRatingRequestSchema',
        'releaseInputSchema',
        'cycleInputSchema',
        'rosterRowSchema',
      ]),
    );
  });

  for (const [name, schema] of schemas) {
    it(name, () => {
      const form = contracts.fieldLabelsOf(schema as z.ZodType);
      const missing = [...fieldPaths(schema as z.ZodType)].filter(
        (p) =>
          !labelFor(
            p.split('.').map((k) => (k === '*' ? 0 : k)),
            form,
          ),
      );
      expect(missing).toEqual([]);
    });
  }

  it('no message is the validator’s own text', () => {
    const all = [
      ...message({
        comment: 'x'.repeat(600),
        year: 3000,
        k: 1,
        tags: [],
        day: 'x',
        state: 'x',
        consent: false,
      }),
      ...message(
        { comment: 'x'.repeat(600), year: 3000, k: 1, tags: [], day: 'x', state: 'x', consent: false },
        'en',
      ),
    ];
    for (const m of all) expect(m).not.toMatch(RAW);
  });
});
