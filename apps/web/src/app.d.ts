import type { Lang } from '@kaimen/contracts';

declare global {
  namespace App {
    interface Locals {
      lang: Lang;
      sessionToken: string | undefined;
    }
    interface Error {
      message: string;
    }
  }
}
