// Irreversible console steps ask twice, and work without JavaScript: the first POST only hands
// back what will happen (the page shows it with a second button); the step is done only by a
// POST that carries confirm=1. One click can no longer publish, open, close or delist.
import type { ConfirmKind } from '$lib/confirm/messages';

export interface Confirmation {
  kind: ConfirmKind;
  /** The form action that does the step ("transition", "publish" …). */
  action: string;
  /** The form's own fields, sent again with the second submit. */
  fields: Record<string, string>;
  /** What the step is about (a cycle's name, a unit): the form's `subject` field, shown in the question. */
  subject: string | null;
}

/** Null when the form was confirmed; else the action data that asks for it. */
export function askToConfirm(
  form: FormData,
  opts: { kind: ConfirmKind; action: string },
): { confirm: Confirmation } | null {
  if (form.get('confirm') === '1') return null;
  const fields: Record<string, string> = {};
  for (const [key, value] of form.entries())
    if (key !== 'confirm' && typeof value === 'string') fields[key] = value;
  const subject = String(form.get('subject') ?? '').slice(0, 200) || null;
  return { confirm: { kind: opts.kind, action: opts.action, fields, subject } };
}
