// The .sav writer read back by PSPP (Debian's pspp-convert, which .ci/run installs): very long
// strings over several segments, UTF-8 text, system-missing numbers, labels on numeric codes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCase, type SavVariable, savDictionary } from './sav-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaimen-sav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('savDictionary + encodeCase', () => {
  it('writes a file PSPP reads back exactly, long strings and labels included', () => {
    const long = '办事窗口排队时间过长，'.repeat(40); // 440 characters, 1,320 bytes: 6 segments
    const variables: SavVariable[] = [
      { name: 'row_no', label: '行号 row', kind: 'numeric', decimals: 0 },
      { name: 'service_point', label: '服务窗口 window', kind: 'string', width: 10 },
      {
        name: 'overall',
        label: '总体满意度',
        kind: 'numeric',
        decimals: 0,
        valueLabels: [
          [1, '非常不满意'],
          [5, '非常满意 very satisfied'],
        ],
      },
      { name: 'panel_score', label: 'score', kind: 'numeric', decimals: 1 },
      { name: 'comment', label: '文字评价', kind: 'string', width: Buffer.byteLength(long) },
    ];
    const rows: (string | number | null)[][] = [
      [1, '1号窗口', 5, 87.5, long],
      [2, null, 1, null, '好'],
      [3, 'w3', null, 0, null],
    ];
    const file = join(dir, 'x.sav');
    writeFileSync(
      file,
      Buffer.concat([
        savDictionary(variables, {
          cases: rows.length,
          created: new Date('2026-12-07T08:30:00Z'),
          fileLabel: '测试',
        }),
        ...rows.map((r) => encodeCase(variables, r)),
      ]),
    );
    execFileSync('/usr/bin/pspp-convert', [file, join(dir, 'x.csv')]);
    execFileSync('/usr/bin/pspp-convert', ['--labels', file, join(dir, 'l.csv')]);
    const read = parse(readFileSync(join(dir, 'x.csv'), 'utf8')) as string[][];
    expect(read[0]).toEqual(['row_no', 'service_point', 'overall', 'panel_score', 'comment']);
    const cells = read.slice(1).map((r) => r.map((v) => v.trim()));
    expect(cells.map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['1', '1号窗口', '5', long],
      ['2', '', '1', '好'],
      ['3', 'w3', '', ''],
    ]);
    expect(cells.map((r) => (r[3] === '' ? null : Number(r[3])))).toEqual([87.5, null, 0]);
    const labelled = parse(readFileSync(join(dir, 'l.csv'), 'utf8')) as string[][];
    expect(labelled.slice(1).map((r) => r[2]?.trim())).toEqual(['非常满意 very satisfied', '非常不满意', '']);
  });
});
