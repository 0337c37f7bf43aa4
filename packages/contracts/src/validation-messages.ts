// The one catalogue of validation messages: every zod issue a person can cause becomes a
// sentence in zh-CN and English that names the field by its label (not its key) and says what
// is allowed ("评论最多 500 字，现在 734 字"). The API's error bodies and the web forms both word
// their issues here, so no validator text ("期望 number <=2100") ever reaches a person.
import type { z } from 'zod';
import type { Localised } from './i18n.ts';

/** Field labels of one form: a path (array indices and record keys as `*`) or a bare key → label. */
export type FieldLabels = Readonly<Record<string, Localised>>;

/** What a message needs of a zod issue: the raw issue as zod's error map receives it. */
export type RawIssue = z.core.$ZodRawIssue;

interface Bounds {
  min?: number;
  max?: number;
  minInclusive: boolean;
  maxInclusive: boolean;
}

/** A number schema's limits, read off its checks, so a range is named whole ("2000 至 2100"). */
function numberBounds(schema: unknown): Bounds {
  const bounds: Bounds = { minInclusive: true, maxInclusive: true };
  const checks = (schema as { _zod?: { def?: { checks?: { _zod: { def: unknown } }[] } } } | undefined)?._zod
    ?.def?.checks;
  for (const check of checks ?? []) {
    const def = check._zod.def as { check?: string; value?: unknown; inclusive?: boolean };
    if (typeof def.value !== 'number') continue;
    if (def.check === 'greater_than') {
      bounds.min = def.value;
      bounds.minInclusive = def.inclusive ?? true;
    } else if (def.check === 'less_than') {
      bounds.max = def.value;
      bounds.maxInclusive = def.inclusive ?? true;
    }
  }
  return bounds;
}

/** The schema a failed check belongs to (zod stamps it on the issue), which holds the other limit. */
const ownerOf = (issue: RawIssue) => (issue as { schema?: unknown }).schema ?? issue.inst;

const lengthOf = (input: unknown) =>
  typeof input === 'string' || Array.isArray(input)
    ? input.length
    : input instanceof Set || input instanceof Map
      ? input.size
      : undefined;

const both = (zh: string, en: string): Localised => ({ 'zh-CN': zh, en });

/** The label in a sentence's first position, in English with a capital. */
const enHead = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

function tooBig(issue: RawIssue & { code: 'too_big' }, zh: string, en: string): Localised {
  const max = Number(issue.maximum);
  const given = lengthOf(issue.input);
  switch (issue.origin) {
    case 'string':
      if (issue.exact) return both(`${zh}须为 ${max} 个字`, `${en}: exactly ${max} characters`);
      return given === undefined
        ? both(`${zh}最多 ${max} 字`, `${en}: at most ${max} characters`)
        : both(`${zh}最多 ${max} 字，现在 ${given} 字`, `${en}: at most ${max} characters (${given} given)`);
    case 'array':
    case 'set':
      if (issue.exact) return both(`${zh}须为 ${max} 项`, `${en}: exactly ${max} items`);
      return given === undefined
        ? both(`${zh}最多 ${max} 项`, `${en}: at most ${max} items`)
        : both(`${zh}最多 ${max} 项，现在 ${given} 项`, `${en}: at most ${max} items (${given} given)`);
    case 'date':
      return both(
        `${zh}不能晚于 ${dateText(issue.maximum)}`,
        `${en}: no later than ${dateText(issue.maximum)}`,
      );
    case 'file':
      return both(`${zh}文件过大（最大 ${max} 字节）`, `${en}: the file is too large (at most ${max} bytes)`);
    default:
      return numberRange(ownerOf(issue), zh, en, { max, inclusive: issue.inclusive !== false });
  }
}

function tooSmall(issue: RawIssue & { code: 'too_small' }, zh: string, en: string): Localised {
  const min = Number(issue.minimum);
  const given = lengthOf(issue.input);
  switch (issue.origin) {
    case 'string':
      if (issue.exact) return both(`${zh}须为 ${min} 个字`, `${en}: exactly ${min} characters`);
      if (min <= 1 || given === 0) return both(`请填写${zh}`, `${en}: required`);
      return both(
        `${zh}至少 ${min} 字，现在 ${given ?? 0} 字`,
        `${en}: at least ${min} characters (${given ?? 0} given)`,
      );
    case 'array':
    case 'set':
      if (issue.exact) return both(`${zh}须为 ${min} 项`, `${en}: exactly ${min} items`);
      if (min <= 1) return both(`${zh}至少选择一项`, `${en}: choose at least one`);
      return both(
        `${zh}至少 ${min} 项，现在 ${given ?? 0} 项`,
        `${en}: at least ${min} items (${given ?? 0} given)`,
      );
    case 'date':
      return both(
        `${zh}不能早于 ${dateText(issue.minimum)}`,
        `${en}: no earlier than ${dateText(issue.minimum)}`,
      );
    case 'file':
      return both(`${zh}文件为空`, `${en}: the file is empty`);
    default:
      return numberRange(ownerOf(issue), zh, en, { min, inclusive: issue.inclusive !== false });
  }
}

/**
 * A number out of range: both ends when the schema has both ("年份须在 2000 至 2100 之间"),
 * else the one that was crossed ("k 至少为 5").
 */
function numberRange(
  owner: unknown,
  zh: string,
  en: string,
  crossed: { min?: number; max?: number; inclusive: boolean },
): Localised {
  const bounds = numberBounds(owner);
  const min = crossed.min ?? bounds.min;
  const max = crossed.max ?? bounds.max;
  const minIn = crossed.min !== undefined ? crossed.inclusive : bounds.minInclusive;
  const maxIn = crossed.max !== undefined ? crossed.inclusive : bounds.maxInclusive;
  if (min !== undefined && max !== undefined && minIn && maxIn)
    return both(`${zh}须在 ${min} 至 ${max} 之间`, `${en}: must be between ${min} and ${max}`);
  if (crossed.max !== undefined)
    return maxIn
      ? both(`${zh}最多为 ${max}`, `${en}: at most ${max}`)
      : both(`${zh}须小于 ${max}`, `${en}: must be less than ${max}`);
  return minIn
    ? both(`${zh}至少为 ${min}`, `${en}: at least ${min}`)
    : both(`${zh}须大于 ${min}`, `${en}: must be more than ${min}`);
}

const dateText = (d: unknown) =>
  d instanceof Date
    ? d.toISOString().slice(0, 10)
    : typeof d === 'number'
      ? new Date(d).toISOString().slice(0, 10)
      : String(d);

const FORMATS: Record<string, (zh: string, en: string) => Localised> = {
  uuid: (zh, en) => both(`${zh}不是有效的编号`, `${en}: not a valid id`),
  guid: (zh, en) => both(`${zh}不是有效的编号`, `${en}: not a valid id`),
  date: (zh, en) => both(`${zh}须为日期，如 2026-01-31`, `${en}: a date like 2026-01-31`),
  datetime: (zh, en) =>
    both(`${zh}须为日期和时间，如 2026-01-31T09:00:00Z`, `${en}: a date and time like 2026-01-31T09:00:00Z`),
  time: (zh, en) => both(`${zh}须为时间，如 09:30`, `${en}: a time like 09:30`),
  email: (zh, en) => both(`${zh}不是有效的电子邮箱`, `${en}: not a valid e-mail address`),
  url: (zh, en) => both(`${zh}不是有效的网址`, `${en}: not a valid web address`),
};

function invalidType(issue: RawIssue & { code: 'invalid_type' }, zh: string, en: string): Localised {
  if (issue.input === undefined || issue.input === null || issue.input === '')
    return issue.expected === 'boolean'
      ? both(`请选择${zh}`, `${en}: choose yes or no`)
      : both(`请填写${zh}`, `${en}: required`);
  switch (issue.expected) {
    case 'number':
    case 'bigint':
      return both(`${zh}须为数字`, `${en}: enter a number`);
    case 'int':
      return both(`${zh}须为整数`, `${en}: enter a whole number`);
    case 'string':
      return both(`${zh}须为文字`, `${en}: enter text`);
    case 'boolean':
      return both(`${zh}须为“是”或“否”`, `${en}: yes or no`);
    case 'array':
    case 'set':
      return both(`${zh}须为一组值`, `${en}: a list of values`);
    case 'date':
      return both(`${zh}须为日期`, `${en}: a date`);
    default:
      return both(`${zh}的内容无效`, `${en}: not valid`);
  }
}

/** Chinese text takes a space between it and Latin letters or digits ("k 至少为 5"). */
const spaced = (zh: string) =>
  zh.replace(/([A-Za-z0-9])(\p{Script=Han})/gu, '$1 $2').replace(/(\p{Script=Han})([A-Za-z0-9])/gu, '$1 $2');

/** The sentence for one issue, with the field's label (zh and en) already chosen. */
export function issueMessage(issue: RawIssue, label: Localised): Localised {
  const sentence = wordIssue(issue, label);
  return { 'zh-CN': spaced(sentence['zh-CN']), en: sentence.en };
}

function wordIssue(issue: RawIssue, label: Localised): Localised {
  const zh = label['zh-CN'];
  const en = enHead(label.en);
  switch (issue.code) {
    case 'too_big':
      return tooBig(issue, zh, en);
    case 'too_small':
      return tooSmall(issue, zh, en);
    case 'invalid_type':
      return invalidType(issue, zh, en);
    case 'invalid_format': {
      if (issue.format === 'number') return both(`${zh}须为数字`, `${en}: enter a number`);
      const named = FORMATS[issue.format];
      if (named) return named(zh, en);
      if (issue.format === 'starts_with')
        return both(`${zh}须以“${issue.prefix}”开头`, `${en}: must start with "${issue.prefix}"`);
      if (issue.format === 'ends_with')
        return both(`${zh}须以“${issue.suffix}”结尾`, `${en}: must end with "${issue.suffix}"`);
      if (issue.format === 'includes')
        return both(`${zh}须包含“${issue.includes}”`, `${en}: must contain "${issue.includes}"`);
      return both(`${zh}的格式不对`, `${en}: not in the expected form`);
    }
    case 'not_multiple_of':
      return both(`${zh}须为 ${issue.divisor} 的整数倍`, `${en}: must be a multiple of ${issue.divisor}`);
    case 'invalid_value': {
      // A checkbox that must be ticked (consent) is z.literal(true).
      if (issue.values.length === 1 && issue.values[0] === true)
        return both(`请勾选“${zh}”`, `Please tick “${label.en}”`);
      if (issue.input === undefined || issue.input === '') return both(`请选择${zh}`, `${en}: choose one`);
      return both(`${zh}须从给出的选项中选择`, `${en}: choose one of the options`);
    }
    case 'unrecognized_keys': {
      const keys = issue.keys.join('、');
      return both(`不接受的字段：${keys}`, `Fields not accepted here: ${issue.keys.join(', ')}`);
    }
    case 'invalid_union':
      return both(`${zh}的内容无效`, `${en}: not valid`);
    case 'invalid_key':
      return both(`${zh}中有无效的项目名`, `${en}: contains a key that is not valid`);
    case 'invalid_element':
      return both(`${zh}中有无效的值`, `${en}: contains a value that is not valid`);
    default:
      return both(`${zh}的内容无效`, `${en}: not valid`);
  }
}
