// UI text, zh-CN first. Every screen takes its words from here: one file per language.
import type { Lang } from '@kaimen/contracts';
import { en } from './en.ts';
import { type Messages, zh } from './zh.ts';

export const messages = (lang: Lang): Messages => (lang === 'en' ? en : zh);
export type { Messages };
