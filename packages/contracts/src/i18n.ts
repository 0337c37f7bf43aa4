// Every message a person reads comes in zh-CN (first) and English.
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Chooses the language from an Accept-Language header or a saved preference; zh-CN by default. */
export function pickLang(header: string | null | undefined): Lang {
  if (!header) return 'zh-CN';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export interface Localised {
  'zh-CN': string;
  en: string;
}
