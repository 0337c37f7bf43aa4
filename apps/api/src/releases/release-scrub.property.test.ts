// Property: an identifier planted in a citizen's comment never survives into any format of a
// release (rows.csv, rows.jsonl, rows.xlsx), whatever its form (spaces, dashes, +86, full-width
// digits) and wherever it stands in the comment. fast-check draws the identifiers (with real check
// digits) and the comments around them, and shrinks any counterexample to the smallest one.

import { releaseSchema } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { createRandom } from '@kaimen/domain';
import { normalise } from '@kaimen/domain/release/scrub/text-spans';
import {
  makeBankCard,
  makeIdNumber,
  makeLegacyIdNumber,
  toFullWidth,
} from '@kaimen/domain/release/testing/scrub-corpus';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';
import { releaseBuildsSettled } from './release.service.ts';

let t: TestApp;
let organiser: Record<string, string>;
let agency: Record<string, string>;
let cycleId: string;
let agencyId: string;
let ratingIds: string[];

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 3000 });
  cycleId = plan.cycle.id;
  organiser = await signInAs(t, 'organiser', 'kaimen-demo-2026');
  agency = await signInAs(t, 'agency', 'kaimen-demo-2026');
  agencyId = (
    await t.db
      .selectFrom('organisation')
      .select('id')
      .where('code', '=', 'demo-agency')
      .executeTakeFirstOrThrow()
  ).id;
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM citizen_rating
    WHERE cycle_id = ${cycleId} AND quarantine_state IN ('none', 'released') AND NOT malicious
    ORDER BY id LIMIT 1500`.execute(t.db);
  ratingIds = rows.map((r) => r.id);
  const { version } = (await (await t.app.request('/v1/agency/terms', { headers: agency })).json()) as {
    version: string;
  };
  const accept = json({ version });
  expect(
    (await t.app.request('/v1/agency/terms', { ...accept, headers: { ...accept.headers, ...agency } }))
      .status,
  ).toBe(204);
}, 120_000);
afterAll(() => t.close());

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
/** Writes a number the ways people do: plain, grouped by spaces or dashes, or full-width. */
const written = (value: string, groups: number[]) =>
  fc.constantFrom('plain', 'spaces', 'dashes', 'full', 'full-spaces').map((form) => {
    let out = value;
    if (form === 'spaces' || form === 'dashes' || form === 'full-spaces') {
      const parts: string[] = [];
      let at = 0;
      for (const g of groups) {
        if (at < value.length) parts.push(value.slice(at, at + g));
        at += g;
      }
      if (at < value.length) parts.push(value.slice(at));
      out = parts.join(form === 'dashes' ? '-' : ' ');
    }
    return form.startsWith('full') ? toFullWidth(out) : out;
  });
const seeded = fc.integer({ min: 1, max: 2 ** 31 - 1 });

const IDENTIFIERS: Record<string, fc.Arbitrary<string>> = {
  mobile: fc
    .tuple(
      fc.constantFrom('13', '15', '16', '17', '18', '19', '14'),
      digits(9),
      fc.constantFrom('', '+86 ', '+86', '0086-', '(+86)'),
    )
    .chain(([p, d, cc]) => written(p + d, [3, 4, 4]).map((w) => cc + w)),
  landline: fc
    .tuple(
      fc.constantFrom('010', '021', '020', '0571', '0755', '0312', '0898'),
      fc.integer({ min: 2, max: 8 }),
      digits(7),
    )
    .chain(([area, first, rest]) =>
      fc.constantFrom(
        `${area}-${first}${rest}`,
        `(${area})${first}${rest}`,
        `${area} ${first}${rest}`,
        toFullWidth(`${area}-${first}${rest}`),
      ),
    ),
  id_number: seeded.chain((s) => written(makeIdNumber(createRandom(s)), [6, 8, 4])),
  legacy_id_number: seeded.chain((s) => written(makeLegacyIdNumber(createRandom(s)), [6, 6, 3])),
  bank_card: seeded.chain((s) => written(makeBankCard(createRandom(s)), [4, 4, 4, 4, 4])),
  passport: fc.tuple(fc.constantFrom('E', 'G', 'C', 'L', 'H', 'M'), digits(8)).map(([l, d]) => l + d),
  plate: fc
    .tuple(
      fc.constantFrom(...'京沪粤浙苏川鲁豫鄂湘'),
      fc.constantFrom(...'ABCDEFGHJK'),
      fc.constantFrom('', ' ', '·', '.'),
      fc.oneof(
        digits(5),
        digits(5).map((d) => `D${d}`),
        digits(4).map((d) => `${d}学`),
      ),
    )
    .map(([p, l, sep, tail]) => `${p}${l}${sep}${tail}`),
  email: fc
    .tuple(
      fc.constantFrom('zhang', 'li.na', 'wang_88', 'chen'),
      digits(3),
      fc.constantFrom('163.com', 'qq.com', 'gmail.com'),
    )
    .map(([u, d, host]) => `${u}${d}@${host}`),
  im_account: fc
    .tuple(
      fc.constantFrom('微信', 'VX', '微信号是', 'QQ', 'qq号'),
      fc.constantFrom('zs_', 'tiger', 'a'),
      digits(6),
    )
    .map(([cue, h, d]) => `${cue}${cue.toLowerCase().includes('q') ? '' : h}${d}`),
};
const BEFORE = ['', '我的号码', '麻烦联系', '窗口态度差，', '说两句：', '证件', '车', '卡号'];
const AFTER = ['', '，请回电', '。谢谢', ' 在3号窗口办的', '，受理编号SL2026120800123', '～'];

/** What of an identifier must not be found again: its letters and digits, folded to ASCII. */
const core = (s: string) =>
  normalise(s)
    .replace(/[^0-9A-Za-z\u4e00-\u9fa5@.]/g, '')
    .toLowerCase();

async function download(releaseId: string, file: string) {
  const res = await t.app.request(`/v1/releases/${releaseId}/${file}`, { headers: agency });
  expect(res.status).toBe(200);
  return res;
}

async function releasedComments(releaseId: string) {
  const csvText = await (await download(releaseId, 'rows.csv')).text();
  const table = parse(csvText.replace(/^\ufeff/, '')) as string[][];
  const at = (table[0] as string[]).indexOf('comment');
  const csv = table.slice(1).map((r) => r[at] as string);
  const jsonlText = await (await download(releaseId, 'rows.jsonl')).text();
  const jsonl = jsonlText
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { comment: string | null }).comment ?? '');
  const book = new ExcelJS.Workbook();
  const xlsxBytes = await (await download(releaseId, 'rows.xlsx')).arrayBuffer();
  await book.xlsx.load(xlsxBytes);
  const sheet = book.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const col = header.indexOf('comment');
  const xlsx: string[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) xlsx.push(String(row.getCell(col).value ?? ''));
  });
  return { csv, jsonl, xlsx };
}

describe('releases never carry a planted identifier', () => {
  it('in rows.csv, rows.jsonl or rows.xlsx, for identifiers drawn by fast-check', async () => {
    const planted = fc
      .tuple(
        fc.constantFrom(...Object.keys(IDENTIFIERS)),
        fc.constantFrom(...BEFORE),
        fc.constantFrom(...AFTER),
      )
      .chain(([kind, before, after]) =>
        (IDENTIFIERS[kind] as fc.Arbitrary<string>).map((value) => ({
          kind,
          value,
          text: `${before}${value}${after}`,
        })),
      );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(planted, { minLength: 40, maxLength: 80 }), async (items) => {
        run++;
        // Plant each comment in many ratings so that k-anonymity keeps some of them.
        const comments = ratingIds.map((_, i) => (items[i % items.length] as { text: string }).text);
        await sql`
          UPDATE citizen_rating c SET comment = v.comment
          FROM (SELECT unnest(${ratingIds}::bigint[]) AS id, unnest(${comments}::text[]) AS comment) v
          WHERE c.id = v.id`.execute(t.db);
        const body = json({ name: `属性测试 ${run}`, agencyIds: [agencyId], includeComments: true });
        const res = await t.app.request(`/v1/cycles/${cycleId}/releases`, {
          ...body,
          headers: { ...body.headers, ...organiser },
        });
        expect(res.status).toBe(202);
        const started = releaseSchema.parse(await res.json());
        await releaseBuildsSettled();
        const formats = await releasedComments(started.id);
        const all = Object.values(formats).flat();
        expect(all.filter((c) => c !== '').length).toBeGreaterThan(0);
        for (const [format, comments] of Object.entries(formats)) {
          const cores = comments.map(core);
          for (const item of items) {
            const secret = core(item.value);
            const leak = cores.find((c) => c.includes(secret));
            if (leak !== undefined)
              throw new Error(`${item.kind} ${item.value} survived in ${format}: ${leak}`);
          }
        }
      }),
      { numRuns: 4, seed: 20_261_209, endOnFailure: true },
    );
  }, 600_000);
});
