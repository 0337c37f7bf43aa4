// Units by spreadsheet (CSV or XLSX): every line is checked — code, name, category, parent (an
// existing unit or one earlier or later in the same file), duplicates, loops — before anything
// is written; one bad line and nothing is imported. Parents are inserted before children.
import {
  type Lang,
  UNIT_FILE_COLUMNS,
  type UnitImportPreview,
  unitInputSchema,
  validate,
} from '@kaimen/contracts';
import { type Actor, appendAudit, insertUnit, listCategories, listUnitTree } from '@kaimen/db';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { readTableFile } from '../uploads/table-file.ts';

type ScopedActor = Actor & { organiserId: string };
interface Row {
  line: number;
  code: string;
  name: string;
  nameEn?: string | undefined;
  categoryId: string;
  parentCode: string | null;
}

async function check(deps: AppDeps, actor: ScopedActor, bytes: Uint8Array, lang: Lang) {
  const en = lang === 'en';
  const file = await readTableFile(bytes, {
    columns: UNIT_FILE_COLUMNS,
    required: ['code', 'name', 'category'],
    maxRows: 5000,
  });
  if (!file.ok)
    return {
      preview: { ok: false, units: 0, issues: [{ line: file.line, field: '', message: file.message }] },
      rows: [] as Row[],
      existing: new Map<string, string>(),
    };
  const [categories, units] = await Promise.all([
    listCategories(deps.db, actor.organiserId),
    listUnitTree(deps.db, actor.organiserId),
  ]);
  const categoryByCode = new Map(categories.filter((c) => c.retired_at === null).map((c) => [c.code, c.id]));
  const existing = new Map(units.map((u) => [u.code, u.id]));
  const issues: UnitImportPreview['issues'] = [];
  const rows: Row[] = [];
  const lineOf = new Map<string, number>();
  for (const { line, values } of file.records) {
    const categoryId = categoryByCode.get((values.category ?? '').trim());
    const parentCode = (values.parent ?? '').trim() || null;
    const result = validate(
      unitInputSchema,
      {
        code: values.code,
        name: values.name,
        nameEn: values.nameEn,
        categoryId: categoryId ?? '00000000-0000-4000-8000-000000000000',
      },
      lang,
    );
    if (!result.ok) {
      for (const i of result.issues) issues.push({ line, field: i.path, message: i.message });
      continue;
    }
    const { code, name, nameEn } = result.data;
    if (!categoryId)
      issues.push({
        line,
        field: 'category',
        message: en
          ? `unknown category code “${values.category ?? ''}”`
          : `类别代码“${values.category ?? ''}”不存在`,
      });
    if (existing.has(code))
      issues.push({
        line,
        field: 'code',
        message: en ? `unit code “${code}” already exists` : `单位代码“${code}”已存在`,
      });
    const earlier = lineOf.get(code);
    if (earlier !== undefined)
      issues.push({
        line,
        field: 'code',
        message: en ? `same code as line ${earlier}` : `与第 ${earlier} 行的单位代码重复`,
      });
    else lineOf.set(code, line);
    rows.push({ line, code, name, nameEn, categoryId: categoryId ?? '', parentCode });
  }
  for (const row of rows) {
    if (row.parentCode === null) continue;
    if (!existing.has(row.parentCode) && !lineOf.has(row.parentCode))
      issues.push({
        line: row.line,
        field: 'parent',
        message: en ? `unknown parent unit “${row.parentCode}”` : `上级单位代码“${row.parentCode}”不存在`,
      });
  }
  // A loop can only form among new rows (existing units cannot point at them).
  const parentInFile = new Map(
    rows.map((r) => [r.code, r.parentCode && lineOf.has(r.parentCode) ? r.parentCode : null]),
  );
  for (const row of rows) {
    const seen = new Set<string>();
    for (let at: string | null = row.code; at !== null; at = parentInFile.get(at) ?? null) {
      if (seen.has(at)) {
        issues.push({
          line: row.line,
          field: 'parent',
          message: en ? 'the parent chain loops back to this unit' : '上级单位关系形成循环',
        });
        break;
      }
      seen.add(at);
    }
  }
  if (file.records.length === 0)
    issues.push({ line: 2, field: '', message: en ? 'the file has no rows' : '文件没有数据行' });
  issues.sort((a, b) => a.line - b.line);
  return { preview: { ok: issues.length === 0, units: rows.length, issues }, rows, existing };
}

export async function previewUnitImport(deps: AppDeps, actor: ScopedActor, bytes: Uint8Array, lang: Lang) {
  return (await check(deps, actor, bytes, lang)).preview;
}

export async function importUnits(
  deps: AppDeps,
  actor: ScopedActor,
  bytes: Uint8Array,
  lang: Lang,
  requestId: string,
) {
  const { preview, rows, existing } = await check(deps, actor, bytes, lang);
  if (!preview.ok) throw new AppError('validation_failed', { issues: preview.issues });
  return deps.db.transaction().execute(async (trx) => {
    const idOf = new Map(existing);
    // Parents first: repeat passes until every row whose parent exists is placed (no loops, checked).
    let pending = rows;
    while (pending.length > 0) {
      const ready = pending.filter((r) => r.parentCode === null || idOf.has(r.parentCode));
      for (const r of ready) {
        const { id } = await insertUnit(trx, {
          organiserId: actor.organiserId,
          code: r.code,
          name: r.name,
          nameEn: r.nameEn,
          categoryId: r.categoryId,
          parentId: r.parentCode === null ? null : (idOf.get(r.parentCode) as string),
        });
        idOf.set(r.code, id);
      }
      pending = pending.filter((r) => !ready.includes(r));
    }
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'unit.import',
      entity: 'organisation',
      entityId: actor.organiserId,
      after: { units: rows.map((r) => r.code) },
      requestId,
    });
    return { units: rows.length };
  });
}
