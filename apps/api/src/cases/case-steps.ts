// Which step a case may take from which state: open → verifying → replied → closed. A callback
// can be logged any time before closing; closing needs a reply.
import type { CaseAction } from '@kaimen/contracts';

export function nextCaseState(state: string, action: CaseAction['action']): string | undefined {
  switch (action) {
    case 'verify':
      return state === 'open' || state === 'verifying' ? 'verifying' : undefined;
    case 'reply':
      return state === 'open' || state === 'verifying' || state === 'replied' ? 'replied' : undefined;
    case 'log_callback':
      return state === 'closed' ? undefined : state;
    case 'close':
      return state === 'replied' ? 'closed' : undefined;
  }
}
