// What a person's console landing (工作台) lists as waiting for them: each kind of to-do, who
// meets it, and the screen that deals with it. The counts come from the database for the
// person's scope; which of them a role sees, and in what order (most urgent first), is here.
import type { Role } from '../vocabulary.ts';

export const TO_DO_KINDS = [
  'overdue_cases',
  'open_cases',
  'quarantine_waiting',
  'panels_below_quorum',
  'scores_not_entered',
  'results_to_publish',
  'rectification_open',
] as const;
export type ToDoKind = (typeof TO_DO_KINDS)[number];
export type ToDoCounts = Partial<Record<ToDoKind, number>>;

export interface ToDo {
  kind: ToDoKind;
  count: number;
  /** The console screen where it is done. */
  href: string;
}

const ORGANISER: readonly Role[] = ['organiser_admin', 'organiser_staff'];

/** Who meets each kind, and where; in the order the landing lists them. */
const RULES: readonly { kind: ToDoKind; roles: readonly Role[]; href: string }[] = [
  { kind: 'overdue_cases', roles: [...ORGANISER, 'unit_liaison'], href: '/admin/cases' },
  { kind: 'results_to_publish', roles: ['organiser_admin'], href: '/admin/results' },
  { kind: 'quarantine_waiting', roles: ORGANISER, href: '/admin/quarantine' },
  { kind: 'panels_below_quorum', roles: ORGANISER, href: '/admin/panel' },
  { kind: 'scores_not_entered', roles: ['superior_reviewer', ...ORGANISER], href: '/admin/scores' },
  { kind: 'open_cases', roles: ['unit_liaison'], href: '/admin/cases' },
  { kind: 'rectification_open', roles: ['unit_liaison'], href: '/admin/rectification' },
];

/** The to-dos a person with these roles has: only kinds their roles meet, only non-zero counts. */
export function toDosFor(roles: readonly Role[], counts: ToDoCounts): ToDo[] {
  return RULES.filter((r) => r.roles.some((role) => roles.includes(role)))
    .map((r) => ({ kind: r.kind, count: counts[r.kind] ?? 0, href: r.href }))
    .filter((t) => t.count > 0);
}

/** The kinds worth counting for these roles (the others are not queried at all). */
export function toDoKindsFor(roles: readonly Role[]): ToDoKind[] {
  return RULES.filter((r) => r.roles.some((role) => roles.includes(role))).map((r) => r.kind);
}
