// Indicator scores by spreadsheet: a template with one row per unit × indicator the source may
// score (current scores filled in), a preview naming every bad line, and an all-or-nothing
// import that replaces the scores of exactly the units in the file.

import { type Lang, type RosterIssue, SCORE_FILE_COLUMNS, type ScoreImportPreview } from '@kaimen/contracts';
import { scoresOfSource, type UnitScoreSet } from '@kaimen/db';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { addSafeRow } from '../exports/spreadsheet-writer.ts';
import { loadExcelJS } from '../lazy-modules.ts';
import { readTableFile } from '../uploads/table-file.ts';
import { requireOpen, type ScopedActor } from './opinion-scope.ts';
import { outOfScale, scoringScope, writeScoreSets } from './score-sheet.service.ts';

const LAYOUT = { columns: SCORE_FILE_COLUMNS, required: ['unit', 'indicator', 'score'], maxRows: 20_000 };

export async function scoreTemplate(deps: AppDeps, actor: ScopedActor, cycleId: string): Promise<Uint8Array> {
  const { cycle, units, leavesOf } = await scoringScope(deps, actor, cycleId);
  const current = await scoresOfSource(deps.db, {
    cycleId: cycle.id,
    sourceOrganisationId: actor.organisationId,
  });
  const scoreOf = new Map(current.map((s) => [`${s.unit_id}/${s.channel}/${s.indicator_id}`, s]));
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet('评分表');
  sheet.columns = SCORE_FILE_COLUMNS.map(([header], i) => ({
    header,
    width: [16, 28, 16, 36, 12, 10, 40][i],
  }));
  for (const u of units) {
    for (const leaf of leavesOf.get(u.category_id) ?? []) {
      const s = scoreOf.get(`${u.id}/${u.channel}/${leaf.id}`);
      addSafeRow(sheet, [
        u.code,
        u.name,
        leaf.code,
        leaf.parent_name ? `${leaf.parent_name} / ${leaf.name}` : leaf.name,
        `${leaf.scale_min}–${leaf.scale_max}`,
        s?.score ?? null,
        s?.comment ?? null,
      ]);
    }
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

interface CheckedFile {
  preview: ScoreImportPreview;
  sets: UnitScoreSet[];
}

async function checkFile(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  bytes: Uint8Array,
  lang: Lang,
): Promise<CheckedFile & { cycle: { id: string; organiser_id: string; state: string } }> {
  const { cycle, units, leavesOf } = await scoringScope(deps, actor, cycleId);
  const file = await readTableFile(bytes, LAYOUT);
  if (!file.ok) {
    return {
      cycle,
      preview: {
        ok: false,
        units: 0,
        scores: 0,
        issues: [{ line: file.line, field: '', message: file.message }],
      },
      sets: [],
    };
  }
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const sets = new Map<string, UnitScoreSet>();
  const seen = new Map<string, number>();
  const issues: RosterIssue[] = [];
  const en = lang === 'en';
  for (const { line, values } of file.records) {
    const unitCode = (values.unit ?? '').trim();
    const indicatorCode = (values.indicator ?? '').trim();
    const raw = (values.score ?? '').trim();
    const unit = unitByCode.get(unitCode);
    if (!unit) {
      issues.push({
        line,
        field: 'unit',
        message: en
          ? `unit code “${unitCode}” is unknown or not one you score`
          : `单位代码“${unitCode}”不存在或不在您的评分范围内`,
      });
      continue;
    }
    const leaf = (leavesOf.get(unit.category_id) ?? []).find((l) => l.code === indicatorCode);
    if (!leaf) {
      issues.push({
        line,
        field: 'indicator',
        message: en
          ? `indicator code “${indicatorCode}” is not an indicator of ${unit.name}’s category`
          : `指标代码“${indicatorCode}”不是${unit.name}所属类别的评分指标`,
      });
      continue;
    }
    const key = `${unit.id}/${leaf.id}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      issues.push({
        line,
        field: 'indicator',
        message: en ? `same unit and indicator as line ${earlier}` : `与第 ${earlier} 行的单位和指标重复`,
      });
      continue;
    }
    seen.set(key, line);
    const set = sets.get(unit.id) ?? { unitId: unit.id, channel: unit.channel, scores: [] };
    sets.set(unit.id, set);
    // A blank score means no score from this source for that indicator.
    if (raw === '') continue;
    const score = Number(raw);
    if (!/^-?\d+(\.\d+)?$/.test(raw) || !Number.isFinite(score)) {
      issues.push({
        line,
        field: 'score',
        message: en ? `“${raw}” is not a number` : `分数“${raw}”不是数字`,
      });
      continue;
    }
    if (score < leaf.scale_min || score > leaf.scale_max) {
      issues.push({ line, field: 'score', message: `${leaf.name}: ${outOfScale(lang, leaf)}` });
      continue;
    }
    const comment = (values.comment ?? '').trim();
    if (comment.length > 2000) {
      issues.push({
        line,
        field: 'comment',
        message: en ? 'comment longer than 2000 characters' : '说明超过 2000 字',
      });
      continue;
    }
    set.scores.push({ indicatorId: leaf.id, score, comment: comment || null });
  }
  if (file.records.length === 0)
    issues.push({ line: 2, field: '', message: en ? 'the file has no rows' : '文件没有数据行' });
  const all = [...sets.values()];
  return {
    cycle,
    preview: {
      ok: issues.length === 0,
      units: all.length,
      scores: all.reduce((n, s) => n + s.scores.length, 0),
      issues,
    },
    sets: all,
  };
}

export async function previewScoreImport(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  bytes: Uint8Array,
  lang: Lang,
): Promise<ScoreImportPreview> {
  return (await checkFile(deps, actor, cycleId, bytes, lang)).preview;
}

export async function importScores(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  bytes: Uint8Array,
  lang: Lang,
  requestId: string,
) {
  const checked = await checkFile(deps, actor, cycleId, bytes, lang);
  requireOpen(checked.cycle);
  if (!checked.preview.ok) throw new AppError('validation_failed', { issues: checked.preview.issues });
  const scores = await writeScoreSets(
    deps,
    actor,
    checked.cycle,
    checked.sets,
    requestId,
    'indicator_scores.import',
  );
  return { units: checked.sets.length, scores };
}
