import type { Lang } from '@kaimen/contracts';

declare global {
  namespace App {
    interface Locals {
      lang: Lang;
      sessionToken: string | undefined;
      /** The console's cycle context, resolved once per request ($lib/server/cycle). */
      cycleContext?: Promise<import('$lib/server/cycle').CycleContext>;
    }
    interface Error {
      message: string;
    }
  }
}
