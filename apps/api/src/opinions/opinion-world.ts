// Test fixture for institutional opinions: an open cycle with a two-leaf indicator tree and a
// deduction rule table, a second unit of the same category, one of another category, another
// organiser's unit, and a signed-in account for each source (and the organiser admin).
import { newCategory, newStaff, newUnit, newUnitOrganisation, newWorld } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { citizenWorld } from '../citizen/citizen-world.ts';
import { signInAs, type TestApp } from '../testing/test-app.ts';

export type Who = 'superior' | 'agency' | 'liaison' | 'petition' | 'discipline' | 'discipline2' | 'admin';

export async function opinionWorld(t: TestApp) {
  const w = await citizenWorld(t);
  const pw = await hashPassword('pw');
  const org = async (kind: string, code: string) =>
    (
      await t.db
        .insertInto('organisation')
        .values({ kind, organiser_id: w.organiser.id, code, name: `${kind} 测试` })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const peerUnit = await newUnit(t.db, {
    organiserId: w.organiser.id,
    categoryId: w.category.id,
    name: '同类单位',
  });
  const otherCategory = await newCategory(t.db, w.organiser.id, '执法类');
  const otherCategoryUnit = await newUnit(t.db, {
    organiserId: w.organiser.id,
    categoryId: otherCategory.id,
  });
  const foreignUnitId = (await newWorld(t.db)).unit.id;
  const unitCode = (
    await t.db.selectFrom('unit').select('code').where('id', '=', w.unit.id).executeTakeFirstOrThrow()
  ).code;
  // A small tree: one dimension with two scored leaves on a 0–10 scale.
  const parent = await t.db
    .insertInto('indicator')
    .values({
      cycle_id: w.cycle.id,
      category_id: w.category.id,
      code: 'd1',
      name: '有效率',
      weight: 100,
      kind: 'qualitative',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const leaves = await t.db
    .insertInto('indicator')
    .values(
      ['办事效率', '服务态度'].map((name, i) => ({
        cycle_id: w.cycle.id,
        category_id: w.category.id,
        parent_id: parent.id,
        code: `d1.${i + 1}`,
        name,
        weight: 50,
        kind: 'qualitative',
        scale_min: 0,
        scale_max: 10,
        position: i,
      })),
    )
    .returning(['id', 'code'])
    .execute();
  await t.db
    .insertInto('deduction_rule')
    .values([
      {
        cycle_id: w.cycle.id,
        finding_type: 'eight_rules',
        name: '违反中央八项规定精神',
        points_per_finding: 3,
        cap: 5,
      },
      {
        cycle_id: w.cycle.id,
        finding_type: 'serious_violation',
        name: '严重违纪违法',
        points_per_finding: 0,
        cap: 0,
        is_veto: true,
      },
    ])
    .execute();
  const homes = {
    superior: [await org('superior_agency', 'o-superior'), 'superior_reviewer'],
    agency: [await org('assessment_agency', 'o-agency'), 'agency_analyst'],
    liaison: [
      (await newUnitOrganisation(t.db, { organiserId: w.organiser.id, unitId: w.unit.id })).id,
      'unit_liaison',
    ],
    petition: [await org('petition_office', 'o-petition'), 'petition_officer'],
    discipline: [await org('discipline_body', 'o-discipline'), 'discipline_officer'],
    discipline2: [await org('discipline_body', 'o-discipline-2'), 'discipline_officer'],
    admin: [w.organiser.id, 'organiser_admin'],
  } as const;
  const as = {} as Record<Who, Record<string, string>>;
  for (const [who, [organisationId, role]] of Object.entries(homes)) {
    await newStaff(t.db, { organisationId, roles: [role], login: `op.${who}`, passwordHash: pw });
    as[who as keyof typeof as] = await signInAs(t, `op.${who}`, 'pw');
  }

  return { w, as, peerUnit, otherCategoryUnit, foreignUnitId, leaves, unitCode };
}
