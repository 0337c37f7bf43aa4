import { z } from 'zod';
import { text } from './text.ts';

export const calendarQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const calendarDaySchema = z.object({
  day: z.iso.date(),
  kind: z.enum(['holiday', 'workday']),
  name: text({ max: 100, noFormula: true }).nullable(),
});
export type CalendarDay = z.infer<typeof calendarDaySchema>;
export const calendarResponseSchema = z.object({ year: z.number().int(), days: z.array(calendarDaySchema) });
export const putCalendarDaySchema = calendarDaySchema.omit({ day: true });
