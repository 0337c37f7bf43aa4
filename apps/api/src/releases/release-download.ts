// A release's rows as CSV (RFC 4180, UTF-8 with BOM), JSON Lines or XLSX, streamed a batch at a time
// so memory does not grow with the release. The SHA-256 of exactly the bytes sent is computed on
// the way and recorded with the download once the last byte has gone.

import { createHash, type Hash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import type { Release } from '@kaimen/contracts';
import { appendAudit, recordDownload, releaseRowBatches } from '@kaimen/db';
import type { AppDeps } from '../deps.ts';
import { addSafeRow, csvText } from '../exports/spreadsheet-writer.ts';
import { loadExcelJS } from '../lazy-modules.ts';
import type { AgencyCaller } from './agency-access.ts';
import {
  encodedChunks,
  type FileEncoder,
  parquetChunks,
  parquetEncoder,
  savChunks,
  savEncoder,
} from './release-files.ts';
import { releaseRowsDb } from './release-read-db.ts';
import { type RowData as Data, recordOf } from './release-records.ts';

/** XLSX is offered up to this many rows (Excel's own limit is 1,048,576). */
export const XLSX_MAX_ROWS = 1_000_000;

const csvHeader = (columns: readonly string[]) => `\ufeff${csvText([columns])}`;

/** CSV (with its header) or JSON Lines, a batch of rows at a time, as text. */
function textEncoder(release: Pick<Release, 'codebook'>, format: 'csv' | 'jsonl'): FileEncoder<string> {
  const columns = release.codebook.map((c) => c.column);
  const record = recordOf(columns);
  let header = format === 'csv' ? csvHeader(columns) : null;
  let rows = 0;
  const first = () => {
    const out = header === null ? [] : [header];
    header = null;
    return out;
  };
  return {
    async write(batch) {
      const records = batch.map((d) => record(d as Data, ++rows));
      const text =
        format === 'csv'
          ? csvText(records.map((r) => columns.map((c) => r[c])))
          : `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
      return [...first(), text];
    },
    async end() {
      return first();
    },
  };
}

/** The file's text, a batch of rows at a time; the same bytes every time for the same release. */
export function releaseChunks(
  db: AppDeps['db'],
  release: Pick<Release, 'id' | 'codebook'>,
  format: 'csv' | 'jsonl',
  onRows: (n: number) => void = () => {},
): AsyncGenerator<string> {
  return encodedChunks(db, release.id, textEncoder(release, format), onRows);
}

/**
 * Row count and SHA-256 of every file in the manifest (CSV, JSON Lines, Parquet, SPSS), computed
 * by generating all four in one read of the rows (nothing is kept): the release report's manifest.
 */
export async function releaseFileDigests(
  db: AppDeps['db'],
  release: Pick<Release, 'id' | 'codebook' | 'name'>,
) {
  const files = [
    { name: 'rows.csv', encoder: textEncoder(release, 'csv') as FileEncoder<string | Uint8Array> },
    { name: 'rows.jsonl', encoder: textEncoder(release, 'jsonl') },
    { name: 'rows.parquet', encoder: parquetEncoder(release) },
    { name: 'rows.sav', encoder: await savEncoder(db, release) },
  ].map((f) => ({ ...f, hash: createHash('sha256') }));
  const add = (hash: Hash, chunks: (string | Uint8Array)[]) => {
    for (const chunk of chunks) typeof chunk === 'string' ? hash.update(chunk, 'utf8') : hash.update(chunk);
  };
  let rows = 0;
  for await (const batch of releaseRowBatches(db, release.id)) {
    rows += batch.length;
    for (const f of files) add(f.hash, await f.encoder.write(batch as Data[]));
  }
  for (const f of files) add(f.hash, await f.encoder.end());
  return files.map((f) => ({ name: f.name, rows, sha256: f.hash.digest('hex') }));
}

async function recordReleaseDownload(
  deps: AppDeps,
  release: Pick<Release, 'id'>,
  organiserId: string,
  caller: AgencyCaller,
  format: 'csv' | 'jsonl' | 'xlsx' | 'parquet' | 'sav',
  rows: number,
  sha256: string,
  requestId: string,
) {
  await recordDownload(deps.db, {
    releaseId: release.id,
    agencyId: caller.agencyId,
    staffUserId: caller.staffUserId,
    apiKeyId: caller.apiKeyId,
    format,
    rowCount: rows,
    sha256,
  });
  await appendAudit(deps.db, {
    actorKind: caller.apiKeyId ? 'agency_key' : 'staff',
    actorId: caller.apiKeyId ?? caller.staffUserId,
    organiserId,
    action: 'release.download',
    entity: 'dataset_release',
    entityId: release.id,
    after: { agencyId: caller.agencyId, format, rows, sha256 },
    requestId,
  });
}

/**
 * The rows as an Excel workbook (one sheet, header row, no shared strings so it is written as it
 * goes). Not in the manifest: a workbook carries its creation time, so its bytes differ per download.
 */
export function releaseXlsxStream(
  deps: AppDeps,
  release: Release,
  organiserId: string,
  caller: AgencyCaller,
  requestId: string,
): ReadableStream<Uint8Array> {
  const columns = release.codebook.map((c) => c.column);
  const record = recordOf(columns);
  const hash = createHash('sha256');
  let rows = 0;
  const out = new PassThrough();
  const hashed = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      recordReleaseDownload(
        deps,
        release,
        organiserId,
        caller,
        'xlsx',
        rows,
        hash.digest('hex'),
        requestId,
      ).then(() => done(), done);
    },
  });
  (async () => {
    const ExcelJS = await loadExcelJS();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('data');
    addSafeRow(sheet, columns).commit();
    for await (const batch of releaseRowBatches(await releaseRowsDb(deps, release.id), release.id)) {
      for (const d of batch) {
        const r = record(d as Data, ++rows);
        addSafeRow(
          sheet,
          columns.map((c) => r[c]),
        ).commit();
      }
      // Let the zip writer drain before the next batch, so memory follows the reader.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
    }
    sheet.commit();
    await workbook.commit();
  })().catch((e: unknown) => out.destroy(e as Error));
  return Readable.toWeb(out.pipe(hashed)) as unknown as ReadableStream<Uint8Array>;
}

/**
 * A release file read from the rows database (the replica once it shows the release ready),
 * streamed as `open` produces it; the SHA-256 of exactly the bytes sent is recorded with the
 * download after the last one.
 */
function recordedDownload(
  deps: AppDeps,
  release: Release,
  organiserId: string,
  format: 'csv' | 'jsonl' | 'parquet' | 'sav',
  caller: AgencyCaller,
  requestId: string,
  open: (db: AppDeps['db'], onRows: (n: number) => void) => AsyncGenerator<Uint8Array>,
): ReadableStream<Uint8Array> {
  const hash = createHash('sha256');
  let rows = 0;
  let chunks: AsyncGenerator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      chunks ??= open(await releaseRowsDb(deps, release.id), (n) => {
        rows += n;
      });
      const next = await chunks.next();
      if (next.done) {
        await recordReleaseDownload(
          deps,
          release,
          organiserId,
          caller,
          format,
          rows,
          hash.digest('hex'),
          requestId,
        );
        controller.close();
        return;
      }
      hash.update(next.value);
      controller.enqueue(next.value);
    },
    async cancel() {
      await chunks?.return(undefined);
    },
  });
}

export function releaseStream(
  deps: AppDeps,
  release: Release,
  organiserId: string,
  format: 'csv' | 'jsonl',
  caller: AgencyCaller,
  requestId: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return recordedDownload(
    deps,
    release,
    organiserId,
    format,
    caller,
    requestId,
    async function* (db, onRows) {
      for await (const text of releaseChunks(db, release, format, onRows)) yield encoder.encode(text);
    },
  );
}

/** rows.parquet or rows.sav, streamed as generated; its SHA-256 recorded with the download. */
export function releaseBinaryStream(
  deps: AppDeps,
  release: Release,
  organiserId: string,
  format: 'parquet' | 'sav',
  caller: AgencyCaller,
  requestId: string,
): ReadableStream<Uint8Array> {
  return recordedDownload(deps, release, organiserId, format, caller, requestId, (db, onRows) =>
    format === 'parquet' ? parquetChunks(db, release, onRows) : savChunks(db, release, onRows),
  );
}
