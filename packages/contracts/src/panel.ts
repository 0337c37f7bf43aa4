// Invited evaluators (两代表一委员, 特约监察员): roster import, invitations, participation,
// and the representative's own rating screens.
import { z } from 'zod';
import { text } from './text.ts';

export const EVALUATOR_KINDS = ['party_deputy', 'npc_deputy', 'cppcc_member', 'special_supervisor'] as const;
export type EvaluatorKind = (typeof EVALUATOR_KINDS)[number];

/** How a roster file may name the kind: the Chinese term or the identifier. */
export const EVALUATOR_KIND_NAMES: Record<string, EvaluatorKind> = {
  党代表: 'party_deputy',
  人大代表: 'npc_deputy',
  政协委员: 'cppcc_member',
  特约监察员: 'special_supervisor',
  party_deputy: 'party_deputy',
  npc_deputy: 'npc_deputy',
  cppcc_member: 'cppcc_member',
  special_supervisor: 'special_supervisor',
};

const codeList = text({ max: 2000 }).transform((s) =>
  s
    .split(/[;；,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean),
);

/** One roster row as read from the file (before codes are resolved against the database). */
export const rosterRowSchema = z
  .object({
    name: text({ min: 1, max: 100, noFormula: true }),
    kind: text({ max: 20 })
      .refine((k) => Object.hasOwn(EVALUATOR_KIND_NAMES, k), {
        error: '身份须为 党代表/人大代表/政协委员/特约监察员 (kind must be one of these)',
      })
      .transform((k) => EVALUATOR_KIND_NAMES[k] as EvaluatorKind),
    affiliation: text({ max: 200, noFormula: true }).optional().default(''),
    contact: text({ max: 200 })
      .optional()
      .default('')
      .refine(
        (c) => c === '' || /^(\+?86[\s-]?)?1\d{10}$|^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.replace(/[\s-]/g, '')),
        {
          error: '联系方式须为手机号或电子邮箱 (contact must be a mobile number or an email)',
        },
      ),
    categories: codeList.optional().default([]),
    units: codeList.optional().default([]),
  })
  .refine((r) => r.categories.length + r.units.length > 0, {
    error: '须填写评议类别或评议单位 (give categories or units to rate)',
    path: ['units'],
  });
export type RosterRow = z.output<typeof rosterRowSchema>;

/** The roster file's columns: Chinese header (what organisers type) → field. */
export const ROSTER_COLUMNS = [
  ['姓名', 'name'],
  ['身份', 'kind'],
  ['工作单位及职务', 'affiliation'],
  ['联系方式', 'contact'],
  ['评议类别', 'categories'],
  ['评议单位', 'units'],
] as const;

export const rosterIssueSchema = z.object({
  /** Line in the file (the header is line 1). */
  line: z.number().int(),
  field: z.string(),
  message: z.string(),
});
export type RosterIssue = z.infer<typeof rosterIssueSchema>;

export const rosterPreviewSchema = z.object({
  ok: z.boolean(),
  rows: z.array(
    z.object({
      line: z.number().int(),
      name: z.string(),
      kind: z.string(),
      affiliation: z.string(),
      units: z.number().int(),
    }),
  ),
  issues: z.array(rosterIssueSchema),
});
export type RosterPreview = z.infer<typeof rosterPreviewSchema>;

export const rosterImportResponseSchema = z.object({
  evaluators: z.number().int(),
  assignments: z.number().int(),
});

export const invitationRequestSchema = z.object({
  /** Days the links stay valid. */
  validDays: z.number().int().min(1).max(120).default(30),
  /** Only these evaluators; all of the cycle's evaluators without a live link when absent. */
  evaluatorIds: z.array(z.uuid()).max(5000).optional(),
});
export const issuedInvitationsSchema = z.object({
  invitations: z.array(
    z.object({ evaluatorId: z.uuid(), name: z.string(), url: z.string(), expiresAt: z.iso.datetime() }),
  ),
  /** The same links as CSV text (姓名, 邀请链接, 有效期至), by the API's one CSV writer, without BOM. */
  csv: z.string(),
});

/** Withdraws these people's live links (each stops working at once, its session ends). */
export const invitationWithdrawSchema = z.object({ evaluatorIds: z.array(z.uuid()).min(1).max(5000) });
export const invitationWithdrawnSchema = z.object({ withdrawn: z.number().int() });

/** What a link's page may say before it is used (reading it changes nothing). */
export const invitationPreviewSchema = z.object({
  cycle: z.object({ name: z.string(), state: z.string() }),
  link: z.enum(['valid', 'used', 'expired']),
});
export type IssuedInvitations = z.infer<typeof issuedInvitationsSchema>;

export const participationSchema = z.object({
  anonymous: z.boolean(),
  evaluators: z.array(
    z.object({
      evaluatorId: z.uuid(),
      name: z.string(),
      kind: z.enum(EVALUATOR_KINDS),
      assigned: z.number().int(),
      submitted: z.number().int(),
      invitation: z.enum(['none', 'sent', 'opened', 'expired', 'revoked']),
      expiresAt: z.iso.datetime().nullable(),
    }),
  ),
});
export type Participation = z.infer<typeof participationSchema>;

export const invitationExchangeSchema = z.object({
  token: text({ max: 43, trim: false }).regex(/^[A-Za-z0-9_-]{43}$/),
});
export const invitationSessionSchema = z.object({
  session: z.object({ token: z.string(), expiresAt: z.iso.datetime() }),
});

export const panelHomeSchema = z.object({
  evaluator: z.object({ name: z.string(), kind: z.enum(EVALUATOR_KINDS) }),
  /** `state` other than 'open': nothing can be drafted or submitted (the page says so at once). */
  cycle: z.object({ id: z.uuid(), name: z.string(), state: z.string() }),
  expiresAt: z.iso.datetime(),
  units: z.array(
    z.object({
      unitId: z.uuid(),
      name: z.string(),
      category: z.string(),
      status: z.enum(['todo', 'draft', 'submitted']),
    }),
  ),
});
export type PanelHome = z.infer<typeof panelHomeSchema>;

export const panelUnitSchema = z.object({
  unit: z.object({ id: z.uuid(), name: z.string(), category: z.string() }),
  indicators: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      /** The parent indicator's name: the form groups indicators under it (tree order). */
      group: z.string().nullable(),
      description: z.string().nullable(),
      scaleMin: z.number(),
      scaleMax: z.number(),
    }),
  ),
  draft: z.object({ scores: z.record(z.string(), z.number()), comment: z.string() }).nullable(),
  submitted: z.boolean(),
});
export type PanelUnit = z.infer<typeof panelUnitSchema>;

/** A draft may be partial; a submission must score every indicator (checked against the unit's). */
export const panelBallotInputSchema = z.object({
  scores: z.record(z.uuid(), z.number().finite()).refine((s) => Object.keys(s).length <= 200),
  comment: text({ max: 2000, multiline: true }).default(''),
});
export type PanelBallotInput = z.infer<typeof panelBallotInputSchema>;

export const panelSubmittedSchema = z.object({ unitId: z.uuid(), submitted: z.literal(true) });
