// Runs the XLSX parser (xlsx-worker.mjs) in a worker thread: a file that is slow or large to
// parse costs that thread, never the event loop serving everyone else. The zip's directory is
// checked first, here, so a spreadsheet bomb is refused without starting a worker at all; the
// worker's heap is capped and it is stopped after a deadline.
import { Worker } from 'node:worker_threads';
import { inspectZip } from './zip-limits.ts';

export type XlsxRows =
  | { ok: true; rows: { line: number; cells: string[] }[] }
  | { ok: false; line: number; message: string };

/** Longest cell text accepted (the longest field, a comment, is 2,000). */
export const MAX_CELL_CHARS = 32_768;
const DEADLINE_MS = 20_000;
/** Imports are rare (organisers, a few a day): two at once, the rest wait their turn. */
const MAX_PARALLEL = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(run: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const UNREADABLE = {
  ok: false,
  line: 1,
  message: '无法读取 Excel 文件 (not a readable .xlsx file)',
} as const;

export async function readXlsxRows(bytes: Uint8Array, maxRows: number): Promise<XlsxRows> {
  const zip = await inspectZip(bytes);
  if (!zip.ok) return { ok: false, line: 1, message: zip.message };
  return slot(
    () =>
      new Promise<XlsxRows>((resolve) => {
        const worker = new Worker(new URL('./xlsx-worker.mjs', import.meta.url), {
          workerData: { bytes, maxRows, maxCellChars: MAX_CELL_CHARS },
          resourceLimits: { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 32 },
          // The worker is plain JavaScript: it needs none of the parent's loaders (tsx, vitest).
          execArgv: [],
        });
        const timer = setTimeout(() => {
          void worker.terminate();
          resolve({ ok: false, line: 1, message: 'Excel 文件解析超时 (the .xlsx took too long to read)' });
        }, DEADLINE_MS);
        const done = (result: XlsxRows) => {
          clearTimeout(timer);
          resolve(result);
          void worker.terminate();
        };
        worker.once('message', (result: XlsxRows) => done(result));
        worker.once('error', () => done(UNREADABLE));
        worker.once('exit', () => done(UNREADABLE));
      }),
  );
}
