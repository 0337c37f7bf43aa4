// Invited and institutional channels for the demo: representatives' invitations, submissions
// and anonymous ballots; superior and third-party indicator scores; petition opinions and
// discipline findings (one veto). Deterministic, from the plan's seed.
import { createHash } from 'node:crypto';
import { createRandom } from '@kaimen/domain';
import { DEMO_PATHS, type DemoPlan } from './demo-plan.ts';

const clampScore = (x: number) => Math.round(Math.min(100, Math.max(40, x)) * 10) / 10;

export function buildDemoOpinions(plan: DemoPlan) {
  const rng = createRandom(plan.ratingSeed + 7);
  const quality = new Map(plan.units.map((u) => [u.id, u.quality]));
  const categoryOf = new Map(plan.units.map((u) => [u.id, u.categoryId]));
  const parents = new Set(plan.indicators.map((i) => i.parent_id).filter((p): p is string => p !== null));
  const leavesOf = (categoryId: string) =>
    plan.indicators.filter((i) => i.category_id === categoryId && !parents.has(i.id));
  const score = (unitId: string, spread: number) =>
    clampScore(72 + (quality.get(unitId) ?? 0.6) * 14 + rng.normal() * spread);

  const invitations = plan.evaluators.map((e) => ({
    id: rng.uuid(),
    cycle_id: plan.cycle.id,
    evaluator_id: e.id,
    // Demo links are never sent; the hash only has to be unique.
    token_hash: createHash('sha256').update(`demo-invitation-${e.id}`).digest(),
    created_at: new Date('2026-11-01T00:00:00Z'),
    expires_at: new Date('2026-12-31T15:59:59Z'),
  }));
  const invitationOf = new Map(invitations.map((i) => [i.evaluator_id, i.id]));
  const kindOf = new Map(plan.evaluators.map((e) => [e.id, e.kind]));
  const submissions: {
    invitation_id: string;
    cycle_id: string;
    evaluator_id: string;
    unit_id: string;
    submitted_at: Date;
  }[] = [];
  const ballots: {
    id: string;
    cycle_id: string;
    unit_id: string;
    channel: string;
    invitation_id: null;
    submitted_on: string;
    validity: string;
  }[] = [];
  const ballotScores: { ballot_id: string; indicator_id: string; score: number }[] = [];
  for (const a of plan.assignments) {
    if (rng.next() > 0.85) continue;
    const submittedAt = new Date(Date.UTC(2026, 10, rng.int(2, 19), rng.int(1, 9)));
    submissions.push({
      invitation_id: invitationOf.get(a.evaluator_id) as string,
      cycle_id: plan.cycle.id,
      evaluator_id: a.evaluator_id,
      unit_id: a.unit_id,
      submitted_at: submittedAt,
    });
    const ballotId = rng.uuid();
    // The panel is anonymous: the ballot is stored without its invitation.
    ballots.push({
      id: ballotId,
      cycle_id: plan.cycle.id,
      unit_id: a.unit_id,
      channel: kindOf.get(a.evaluator_id) === 'special_supervisor' ? 'special_supervisor' : 'representative',
      invitation_id: null,
      submitted_on: submittedAt.toISOString().slice(0, 10),
      validity: 'valid',
    });
    for (const leaf of leavesOf(categoryOf.get(a.unit_id) as string)) {
      ballotScores.push({ ballot_id: ballotId, indicator_id: leaf.id, score: score(a.unit_id, 8) });
    }
  }

  const superior = plan.organisations.find((o) => o.kind === 'superior_agency')?.id as string;
  const agency = plan.organisations.find((o) => o.kind === 'assessment_agency')?.id as string;
  const petition = plan.organisations.find((o) => o.kind === 'petition_office')?.id as string;
  const discipline = plan.organisations.find((o) => o.kind === 'discipline_body')?.id as string;
  const staffOf = (login: string) => plan.staff.find((s) => s.login === login)?.id as string;
  const indicatorScores = plan.units.flatMap((u) =>
    (
      [
        ['superior', superior, staffOf('superior')],
        ['third_party', agency, staffOf('agency')],
      ] as const
    ).flatMap(([channel, source, by]) =>
      leavesOf(u.categoryId).map((leaf) => ({
        cycle_id: plan.cycle.id,
        unit_id: u.id,
        channel,
        source_organisation_id: source,
        indicator_id: leaf.id,
        score: score(u.id, 6),
        created_by: by,
      })),
    ),
  );

  const petitionOpinions = plan.units.map((u) => {
    const complaints = Math.max(0, Math.round(3 - (quality.get(u.id) ?? 0) * 3 + rng.normal() * 2));
    return {
      cycle_id: plan.cycle.id,
      unit_id: u.id,
      source_organisation_id: petition,
      period_start: '2026-01-01',
      period_end: '2026-10-31',
      complaint_count: complaints,
      verified_complaint_count: Math.floor(complaints / 2),
      created_by: staffOf('petition'),
    };
  });

  // The three weakest units get findings; the weakest a serious violation (一票否决).
  const weakest = [...plan.units].sort((a, b) => a.quality - b.quality).slice(0, 3);
  const findings = weakest.flatMap((u, i) =>
    [
      ...(i === 0 ? [{ type: 'serious_violation', reason: '干部违规收受礼金，已立案审查（演示数据）' }] : []),
      { type: 'eight_rules', reason: '公务接待超标准（演示数据）' },
      // The weakest unit's deductions add up past the policy's overall cap (10 points).
      ...(i === 0
        ? [
            { type: 'eight_rules', reason: '违规发放津贴补贴（演示数据）' },
            { type: 'eight_rules', reason: '违规使用公车（演示数据）' },
          ]
        : []),
      { type: 'verified_complaint', reason: '群众投诉办事推诿，经查属实（演示数据）' },
    ].map((f) => ({
      cycle_id: plan.cycle.id,
      unit_id: u.id,
      finding_type: f.type,
      source_organisation_id: discipline,
      reason: f.reason,
      found_on: '2026-09-15',
      created_by: staffOf('discipline'),
    })),
  );

  // Past 模范机关 titles, due for re-review this cycle.
  const modelTitles = [...plan.units]
    .sort((a, b) => b.quality - a.quality)
    .slice(0, 3)
    .map((u, i) => ({ unit_id: u.id, awarded_year: 2024 + (i % 2) }));

  // The rarer paths, drawn after everything above so the rest of the demo stays as it was.
  // A voided ballot (an organiser voided it) and an all-identical one (flagged when computed).
  const voided = ballots[4];
  if (voided) voided.validity = 'void';
  const identical = ballots[9];
  if (identical) for (const s of ballotScores) if (s.ballot_id === identical.id) s.score = 95;

  // Self-assessment and peer review among three window-service units (each has a unit organisation).
  const unitByCode = new Map(plan.units.map((u) => [u.code, u]));
  const liaison = plan.organisations.find((o) => o.kind === 'unit') as { id: string; unit_id: string | null };
  const peerUnits = DEMO_PATHS.peers.map((code) => unitByCode.get(code)).filter((u) => u !== undefined);
  const unitOrganisations = peerUnits
    .filter((u) => u.id !== liaison.unit_id)
    .map((u) => ({
      id: rng.uuid(),
      kind: 'unit',
      organiser_id: plan.organiserId,
      code: `demo-unit-${u.code}`,
      name: u.name,
      name_en: null,
      unit_id: u.id,
    }));
  const orgOf = new Map([
    [liaison.unit_id as string, liaison.id],
    ...unitOrganisations.map((o) => [o.unit_id, o.id] as [string, string]),
  ]);
  const organiserStaff = staffOf('organiser');
  const selfAndPeer = peerUnits.flatMap((u) =>
    peerUnits.flatMap((from) =>
      leavesOf(u.categoryId).map((leaf) => ({
        cycle_id: plan.cycle.id,
        unit_id: u.id,
        channel: from.id === u.id ? 'self' : 'peer',
        source_organisation_id: orgOf.get(from.id) as string,
        indicator_id: leaf.id,
        // Units rate themselves a little higher than their peers do.
        score: clampScore(72 + u.quality * 14 + (from.id === u.id ? 6 : 0) + rng.normal() * 5),
        created_by: from.id === liaison.unit_id ? staffOf('liaison') : organiserStaff,
      })),
    ),
  );

  // Spot checks (日常检查) for some units, taken with spotCheckShare.
  const spotPhase = plan.phases.find((p) => p.kind === 'spot_check')?.id ?? null;
  const spotChecks = DEMO_PATHS.spotChecked.flatMap((code) => {
    const u = unitByCode.get(code);
    if (!u) return [];
    return ['2026-04-15', '2026-09-20'].map((checkedOn) => ({
      cycle_id: plan.cycle.id,
      unit_id: u.id,
      phase_id: spotPhase,
      checked_on: checkedOn,
      score: Math.round(clampScore(70 + u.quality * 16 + rng.normal() * 6) * 10) / 10,
      note: '日常动态调研检查（演示数据）',
    }));
  });

  return {
    unitOrganisations,
    selfAndPeer,
    spotChecks,
    invitations,
    submissions,
    ballots,
    ballotScores,
    indicatorScores,
    petitionOpinions,
    findings,
    modelTitles,
  };
}
