// Server-side paging shared by every long console list (cases, quarantine, audit log): the page
// asked for with a capped size, and the answer `{ items, total, page, pageSize }` that lets a
// screen say "共 823 条，第 1/42 页" without loading the rest.
import { z } from 'zod';

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;
/** Far beyond any real list; refuses absurd offsets before they reach the database. */
export const PAGE_MAX = 100_000;

export const pageQueryShape = {
  page: z.coerce.number().int().min(1).max(PAGE_MAX).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    /** The page returned: the one asked for, or the last one when that lies beyond the end. */
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  });

/** How many pages `total` items fill (at least one, so "第 1/1 页" reads right when empty). */
export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

/** The page to serve: the one asked for, or the last one when it lies beyond the end. */
export const servedPage = (asked: number, total: number, pageSize: number) =>
  Math.min(asked, pageCount(total, pageSize));

/** The labels of the paging fields, for the validation messages of a list's query. */
export const PAGE_LABELS = {
  page: { 'zh-CN': '页码', en: 'page' },
  pageSize: { 'zh-CN': '每页条数', en: 'page size' },
} as const;
