import { describe, expect, it } from 'vitest';
import { auditChanges, collectIds } from './audit-changes.ts';

const CATEGORY = '0b9f5d9e-6a31-4a8e-9d0c-3f1e2b7a4c11';
const UNIT = '5c2e8f10-1d4b-4f7a-a9e3-7b6d0c2f8e22';
const names: Record<string, string> = { [CATEGORY]: '窗口服务类', [UNIT]: '省政务服务中心' };
const w = {
  nameOf: (id: string) => names[id],
  yes: '是',
  no: '否',
  none: '（空）',
  listSeparator: '、',
};

describe('audit changes', () => {
  it('lists only the fields the request changed, old → new, with ids as names', () => {
    const before = { name: '旧名称', categoryId: UNIT, parentId: null, retired: false };
    const after = { name: '新名称', categoryId: CATEGORY, retired: false };
    expect(auditChanges(before, after, w)).toEqual([
      { field: 'name', before: '旧名称', after: '新名称' },
      { field: 'categoryId', before: '省政务服务中心', after: '窗口服务类' },
    ]);
  });

  it('shows a creation as new fields and a removal as removed ones', () => {
    expect(auditChanges(null, { code: 'tax', unitIds: [UNIT], open: true }, w)).toEqual([
      { field: 'code', before: null, after: 'tax' },
      { field: 'unitIds', before: null, after: '省政务服务中心' },
      { field: 'open', before: null, after: '是' },
    ]);
    expect(auditChanges({ kind: 'holiday' }, null, w)).toEqual([
      { field: 'kind', before: 'holiday', after: null },
    ]);
    expect(auditChanges(null, null, w)).toEqual([]);
  });

  it('tells an explicit null from an absent field, compares nested values by content', () => {
    expect(auditChanges({ parentId: UNIT }, { parentId: null }, w)).toEqual([
      { field: 'parentId', before: '省政务服务中心', after: '（空）' },
    ]);
    expect(auditChanges({ policy: { a: 1, b: [1, 2] } }, { policy: { b: [1, 2], a: 1 } }, w)).toEqual([]);
    expect(auditChanges({ policy: { a: 1 } }, { policy: { a: 2 } }, w)).toEqual([
      { field: 'policy', before: '{"a":1}', after: '{"a":2}' },
    ]);
  });

  it('keeps an id nobody can name as it is, and collects every id once', () => {
    const unknown = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    expect(auditChanges({}, { servicePointId: unknown }, w)[0]?.after).toBe(unknown);
    expect([...collectIds({ a: UNIT, b: [UNIT, { c: CATEGORY.toUpperCase() }], d: 'x' })].sort()).toEqual(
      [UNIT, CATEGORY].sort(),
    );
  });
});
