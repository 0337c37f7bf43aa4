// A release's rows as Parquet (for pandas, DuckDB, Arrow, R arrow) and as an SPSS .sav file (SPSS,
// PSPP, Stata, R haven) with the codebook's value labels. Both stream a batch at a time and give
// the same bytes for the same release every time, so their SHA-256 goes into the manifest.
import type { Release } from '@kaimen/contracts';
import { releaseRowBatches, releaseSavFacts } from '@kaimen/db';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { AppDeps } from '../deps.ts';
import { type Cell, type RowData, recordOf } from './release-records.ts';
import { encodeCase, type SavVariable, savDictionary } from './sav-writer.ts';

type Entry = Release['codebook'][number];

/** Rows per Parquet row group: large enough to compress well, small enough to stream. */
const ROW_GROUP = 50_000;

function parquetElement(c: Entry) {
  const base = { name: c.column, repetition_type: 'OPTIONAL' as const };
  if (c.type === 'text') return { ...base, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const };
  if (c.type === 'boolean') return { ...base, type: 'BOOLEAN' as const };
  if (c.type === 'number') return { ...base, type: 'DOUBLE' as const };
  return { ...base, type: 'INT32' as const };
}

/**
 * Turns a release's row batches, in order, into a file's bytes: what each batch adds, then what
 * closes the file. Push-style, so one read of the rows can feed every format (the manifest).
 */
export interface FileEncoder<T = Uint8Array> {
  write(batch: readonly RowData[]): Promise<T[]>;
  end(): Promise<T[]>;
}

/** A release file as its encoder makes it, reading the rows a batch at a time. */
export async function* encodedChunks<T>(
  db: AppDeps['db'],
  releaseId: string,
  encoder: FileEncoder<T>,
  onRows: (n: number) => void = () => {},
): AsyncGenerator<T> {
  for await (const batch of releaseRowBatches(db, releaseId)) {
    onRows(batch.length);
    yield* await encoder.write(batch as RowData[]);
  }
  yield* await encoder.end();
}

export function parquetEncoder(release: Pick<Release, 'codebook'>): FileEncoder {
  const columns = release.codebook.map((c) => c.column);
  const record = recordOf(columns);
  const ready: Uint8Array[] = [];
  const writer = new ByteWriter() as ByteWriter & { flush(): void };
  // Hand over what a row group wrote, then reuse the buffer (offsets keep counting in `offset`).
  writer.flush = () => {
    ready.push(writer.getBytes().slice());
    writer.index = 0;
  };
  writer.finish = () => writer.flush();
  const parquet = new ParquetWriter({
    writer,
    schema: [{ name: 'root', num_children: columns.length }, ...release.codebook.map(parquetElement)],
    kvMetadata: [{ key: 'kaimen.codebook', value: JSON.stringify(release.codebook) }],
    createdBy: 'Kaimen 开门考评 (hyparquet-writer)',
  });
  let pending: Record<string, Cell>[] = [];
  let rows = 0;
  const writeGroup = (group: Record<string, Cell>[]) =>
    parquet.write({
      columnData: columns.map((c) => ({ name: c, data: group.map((r) => r[c] ?? null) })),
      rowGroupSize: group.length,
    });
  return {
    async write(batch) {
      for (const d of batch) pending.push(record(d, ++rows));
      if (pending.length >= ROW_GROUP) {
        await writeGroup(pending.slice(0, ROW_GROUP));
        pending = pending.slice(ROW_GROUP);
      }
      return ready.splice(0);
    },
    async end() {
      if (pending.length > 0) await writeGroup(pending);
      pending = [];
      await parquet.finish();
      return ready.splice(0);
    },
  };
}

export const parquetChunks = (
  db: AppDeps['db'],
  release: Pick<Release, 'id' | 'codebook'>,
  onRows: (n: number) => void = () => {},
) => encodedChunks(db, release.id, parquetEncoder(release), onRows);

function savVariables(codebook: readonly Entry[], widths: Record<string, number>): SavVariable[] {
  return codebook.map((c): SavVariable => {
    const label = `${c.zh} / ${c.en}`;
    if (c.type === 'text') {
      // channel falls back to 'citizen' where a row does not store it.
      const width = Math.max(1, widths[c.column] ?? 0, c.column === 'channel' ? 18 : 0);
      return { name: c.column, label, kind: 'string', width };
    }
    const valueLabels = Object.entries(c.labels ?? {}).map(([v, l]) => [Number(v), l] as [number, string]);
    return { name: c.column, label, kind: 'numeric', decimals: c.type === 'number' ? 1 : 0, valueLabels };
  });
}

/** The .sav encoder; its dictionary (variables, widths, case count) comes first, from the database. */
export async function savEncoder(
  db: AppDeps['db'],
  release: Pick<Release, 'id' | 'codebook' | 'name'>,
): Promise<FileEncoder> {
  const columns = release.codebook.map((c) => c.column);
  const text = release.codebook.filter((c) => c.type === 'text').map((c) => c.column);
  const facts = await releaseSavFacts(db, release.id, text);
  const variables = savVariables(release.codebook, facts.widths);
  const record = recordOf(columns);
  let header: Uint8Array | null = savDictionary(variables, {
    cases: facts.rows,
    created: facts.createdAt,
    fileLabel: release.name,
  });
  let rows = 0;
  const first = () => {
    const out = header ? [header] : [];
    header = null;
    return out;
  };
  return {
    async write(batch) {
      const parts = batch.map((d) => {
        const r = record(d, ++rows);
        return encodeCase(
          variables,
          columns.map((c) => {
            const v = r[c] ?? null;
            return typeof v === 'boolean' ? (v ? 1 : 0) : v;
          }),
        );
      });
      return [...first(), Buffer.concat(parts)];
    },
    async end() {
      return first();
    },
  };
}

export async function* savChunks(
  db: AppDeps['db'],
  release: Pick<Release, 'id' | 'codebook' | 'name'>,
  onRows: (n: number) => void = () => {},
): AsyncGenerator<Uint8Array> {
  yield* encodedChunks(db, release.id, await savEncoder(db, release), onRows);
}
