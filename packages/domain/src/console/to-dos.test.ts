import { describe, expect, it } from 'vitest';
import { toDoKindsFor, toDosFor } from './to-dos.ts';

const counts = {
  overdue_cases: 820,
  open_cases: 3,
  quarantine_waiting: 12,
  panels_below_quorum: 4,
  scores_not_entered: 7,
  results_to_publish: 1,
  rectification_open: 2,
};

describe('toDosFor', () => {
  it('gives an organiser admin the office’s to-dos, most urgent first, each with its screen', () => {
    expect(toDosFor(['organiser_admin'], counts)).toEqual([
      { kind: 'overdue_cases', count: 820, href: '/admin/cases' },
      { kind: 'results_to_publish', count: 1, href: '/admin/results' },
      { kind: 'quarantine_waiting', count: 12, href: '/admin/quarantine' },
      { kind: 'panels_below_quorum', count: 4, href: '/admin/panel' },
      { kind: 'scores_not_entered', count: 7, href: '/admin/scores' },
    ]);
  });

  it('leaves publishing to admins', () => {
    expect(toDosFor(['organiser_staff'], counts).map((t) => t.kind)).not.toContain('results_to_publish');
  });

  it('gives a unit liaison their own unit’s cases and rectification, nothing of the office', () => {
    expect(toDosFor(['unit_liaison'], counts).map((t) => t.kind)).toEqual([
      'overdue_cases',
      'open_cases',
      'rectification_open',
    ]);
  });

  it('gives a superior reviewer the scores still to enter', () => {
    expect(toDosFor(['superior_reviewer'], counts)).toEqual([
      { kind: 'scores_not_entered', count: 7, href: '/admin/scores' },
    ]);
  });

  it('lists nothing that is done (zero or not counted)', () => {
    expect(toDosFor(['organiser_admin'], { overdue_cases: 0, quarantine_waiting: 2 })).toEqual([
      { kind: 'quarantine_waiting', count: 2, href: '/admin/quarantine' },
    ]);
    expect(toDosFor(['agency_analyst'], counts)).toEqual([]);
  });

  it('counts only what a role can meet', () => {
    expect(toDoKindsFor(['petition_officer'])).toEqual([]);
    expect(toDoKindsFor(['unit_liaison'])).toEqual(['overdue_cases', 'open_cases', 'rectification_open']);
  });
});
