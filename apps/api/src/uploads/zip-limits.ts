// Refuses a zip (an XLSX) whose central directory declares too many entries or too many bytes
// once inflated, before a single byte is inflated: a 600 KB spreadsheet can expand to 190 MB.
// Only the directory is read (yauzl, lazily); the worker that parses the file later checks that
// each entry really inflates to no more than it declared.
import yauzl from 'yauzl';

export interface ZipLimits {
  maxEntries: number;
  /** Per entry, declared uncompressed bytes. */
  maxEntryBytes: number;
  /** All entries together. */
  maxTotalBytes: number;
}

/** Enough for the largest import (20,000 score lines) many times over. */
export const XLSX_LIMITS: ZipLimits = {
  maxEntries: 200,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 48 * 1024 * 1024,
};

export type ZipCheck = { ok: true; entries: number; totalBytes: number } | { ok: false; message: string };

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

export function inspectZip(bytes: Uint8Array, limits: ZipLimits = XLSX_LIMITS): Promise<ZipCheck> {
  return new Promise((resolve) => {
    const refuse = (message: string) => resolve({ ok: false, message });
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true },
      (error, zip) => {
        if (error || !zip) return refuse('无法读取 Excel 文件 (not a readable .xlsx file)');
        if (zip.entryCount > limits.maxEntries) {
          zip.close();
          return refuse(
            `Excel 文件包含 ${zip.entryCount} 个部件，超过上限 ${limits.maxEntries} (the .xlsx has too many parts)`,
          );
        }
        let total = 0;
        zip.on('entry', (entry: yauzl.Entry) => {
          total += entry.uncompressedSize;
          if (entry.uncompressedSize > limits.maxEntryBytes || total > limits.maxTotalBytes) {
            zip.close();
            return refuse(
              `Excel 文件解压后超过 ${mb(limits.maxTotalBytes)}（单个部件上限 ${mb(limits.maxEntryBytes)}），请删去多余内容后重试 (the .xlsx expands to more than ${mb(limits.maxTotalBytes)})`,
            );
          }
          zip.readEntry();
        });
        zip.on('end', () => resolve({ ok: true, entries: zip.entryCount, totalBytes: total }));
        zip.on('error', () => refuse('无法读取 Excel 文件 (not a readable .xlsx file)'));
        zip.readEntry();
      },
    );
  });
}
