// Unit categories by spreadsheet (CSV or XLSX): code, name, English name. Every line is checked
// (format, codes already in use, the same code twice in the file) before anything is written;
// one bad line and nothing is imported.
import {
  CATEGORY_FILE_COLUMNS,
  type CategoryImportPreview,
  categoryInputSchema,
  type Lang,
  validate,
} from '@kaimen/contracts';
import { type Actor, appendAudit, insertCategory, listCategories } from '@kaimen/db';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { readTableFile } from '../uploads/table-file.ts';

type ScopedActor = Actor & { organiserId: string };
type Row = { code: string; name: string; nameEn?: string | undefined };

async function check(deps: AppDeps, actor: ScopedActor, bytes: Uint8Array, lang: Lang) {
  const en = lang === 'en';
  const file = await readTableFile(bytes, {
    columns: CATEGORY_FILE_COLUMNS,
    required: ['code', 'name'],
    maxRows: 500,
  });
  if (!file.ok) {
    const preview: CategoryImportPreview = {
      ok: false,
      categories: 0,
      issues: [{ line: file.line, field: '', message: file.message }],
    };
    return { preview, rows: [] as Row[] };
  }
  // Retired categories keep their codes: a code is never reused for something else.
  const existing = new Set((await listCategories(deps.db, actor.organiserId)).map((c) => c.code));
  const issues: CategoryImportPreview['issues'] = [];
  const rows: Row[] = [];
  const lineOf = new Map<string, number>();
  for (const { line, values } of file.records) {
    const result = validate(
      categoryInputSchema,
      { code: values.code, name: values.name, nameEn: values.nameEn },
      lang,
    );
    if (!result.ok) {
      for (const i of result.issues) issues.push({ line, field: i.path, message: i.message });
      continue;
    }
    const { code } = result.data;
    if (existing.has(code))
      issues.push({
        line,
        field: 'code',
        message: en ? `category code “${code}” already exists` : `类别代码“${code}”已存在`,
      });
    const earlier = lineOf.get(code);
    if (earlier !== undefined)
      issues.push({
        line,
        field: 'code',
        message: en ? `same code as line ${earlier}` : `与第 ${earlier} 行的类别代码重复`,
      });
    else lineOf.set(code, line);
    rows.push(result.data);
  }
  if (file.records.length === 0)
    issues.push({ line: 2, field: '', message: en ? 'the file has no rows' : '文件没有数据行' });
  issues.sort((a, b) => a.line - b.line);
  const preview: CategoryImportPreview = { ok: issues.length === 0, categories: rows.length, issues };
  return { preview, rows };
}

export async function previewCategoryImport(
  deps: AppDeps,
  actor: ScopedActor,
  bytes: Uint8Array,
  lang: Lang,
) {
  return (await check(deps, actor, bytes, lang)).preview;
}

export async function importCategories(
  deps: AppDeps,
  actor: ScopedActor,
  bytes: Uint8Array,
  lang: Lang,
  requestId: string,
) {
  const { preview, rows } = await check(deps, actor, bytes, lang);
  if (!preview.ok) throw new AppError('validation_failed', { issues: preview.issues });
  return deps.db.transaction().execute(async (trx) => {
    for (const r of rows) await insertCategory(trx, { organiserId: actor.organiserId, ...r });
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'category.import',
      entity: 'organisation',
      entityId: actor.organiserId,
      after: { categories: rows.map((r) => r.code) },
      requestId,
    });
    return { categories: rows.length };
  });
}
