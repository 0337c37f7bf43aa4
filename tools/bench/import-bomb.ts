// bench:import-bomb — uploads spreadsheet bombs to a real API process and prints how fast they
// are refused, how much the API's RSS grows and what /healthz latency other clients see meanwhile.
//   1. a ~0.2–0.7 MB XLSX whose sheet inflates to ~187 MB (many rows)
//   2. a small XLSX with one 150 MB shared-string cell
// Baseline in the same run: /healthz p99 with no upload, and an ordinary 1,000-row XLSX preview.
// The API runs on a throwaway PGlite directory with one organiser admin (BENCH_PORT, default 41080).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { openDatabase } from '../../apps/api/src/boot.ts';
import { parseConfig } from '../../apps/api/src/config.ts';
import { migrate } from '../../packages/db/src/index.ts';
import { newCategory, newOrganiser, newStaff } from '../../packages/db/src/testing/factories.ts';
import { hashPassword } from '../../packages/domain/src/index.ts';
import { newSecret, startApi } from './processes.ts';

const PORT = Number(process.env.BENCH_PORT ?? 41080);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LOGIN = 'bomb.admin';
const PASSWORD = 'bomb-bench-password';

/** A real one-row workbook from exceljs, to reuse its zip parts around a replaced part. */
async function baseWorkbook(rows: string[][]): Promise<Record<string, Uint8Array>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('units');
  for (const r of rows) sheet.addRow(r);
  return unzipSync(new Uint8Array(await workbook.xlsx.writeBuffer()));
}

async function ordinaryFile(): Promise<Uint8Array> {
  const rows = [['单位代码', '单位名称', '类别代码']];
  for (let i = 0; i < 1000; i++) rows.push([`u${i}`, `单位${i}`, 'window']);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('units');
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A sheet of ~187 MB of identical rows; deflate squeezes it to a few hundred KB. */
async function manyRowsBomb(targetBytes = 187 * 1024 * 1024): Promise<Uint8Array> {
  const parts = await baseWorkbook([['单位代码', '单位名称', '类别代码']]);
  // Rows without their optional r="…" references are all alike, so deflate gets ~1000:1.
  const row = '<row><c t="inlineStr"><is><t>code</t></is></c><c t="inlineStr"><is><t>name</t></is></c></row>';
  const chunks = new Array<string>(Math.ceil(targetBytes / row.length)).fill(row);
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${chunks.join('')}</sheetData></worksheet>`;
  parts['xl/worksheets/sheet1.xml'] = strToU8(xml);
  return zipSync(parts, { level: 9 });
}

/** One cell of 150 MB in the shared strings, referenced from the first row. */
async function hugeCellBomb(bytes = 150 * 1024 * 1024): Promise<Uint8Array> {
  const parts = await baseWorkbook([['单位代码']]);
  parts['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>${'A'.repeat(bytes)}</t></si></sst>`,
  );
  parts['xl/worksheets/sheet1.xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
  );
  return zipSync(parts, { level: 9 });
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

// The probe runs in its own thread, so building and sending the upload in this process does
// not show up as /healthz latency.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = [];
let running = true;
parentPort.on('message', () => { running = false; });
(async () => {
  while (running) {
    const t0 = performance.now();
    await (await fetch(workerData + '/healthz')).arrayBuffer();
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  parentPort.postMessage(latencies);
})();
`;

/** GET /healthz one after another until stopped (at least a second); the latencies in ms. */
function probeHealth(url: string) {
  const worker = new Worker(PROBE, { eval: true, workerData: url });
  const started = performance.now();
  const result = new Promise<number[]>((resolve) => worker.once('message', resolve));
  return {
    stop: async () => {
      const left = 1000 - (performance.now() - started);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      worker.postMessage('stop');
      const latencies = await result;
      await worker.terminate();
      return latencies;
    },
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kaimen-bomb-'));
  const config = parseConfig({ KAIMEN_DATA_DIR: dir });
  const db = openDatabase(config);
  await migrate(db);
  const organiser = await newOrganiser(db);
  await newCategory(db, organiser.id);
  await db.updateTable('unit_category').set({ code: 'window' }).execute();
  await newStaff(db, {
    organisationId: organiser.id,
    roles: ['organiser_admin'],
    login: LOGIN,
    passwordHash: await hashPassword(PASSWORD),
  });
  await db.destroy();
  const api = await startApi({ secret: newSecret(), port: PORT, env: { KAIMEN_DATA_DIR: dir } });
  try {
    const signIn = await fetch(`${api.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: LOGIN, password: PASSWORD }),
    });
    const token = ((await signIn.json()) as { session: { token: string } }).session.token;
    const files = {
      ordinary: await ordinaryFile(),
      rows_187mb: await manyRowsBomb(),
      cell_150mb: await hugeCellBomb(),
    };
    for (const [name, bytes] of Object.entries(files))
      console.log(`[bench] ${name}: ${(bytes.byteLength / 1024).toFixed(0)} KB on the wire`);

    // Warm the import path once (lazy modules, the worker's first start).
    const upload = async (bytes: Uint8Array) => {
      const form = new FormData();
      form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'units.xlsx');
      const res = await fetch(`${api.url}/v1/setup/units/import/preview`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      return { status: res.status, body: await res.text() };
    };
    await upload(files.ordinary);
    const idle = probeHealth(api.url);
    await new Promise((r) => setTimeout(r, 2000));
    const baselineP99 = percentile(await idle.stop(), 99);
    console.log(`[bench] /healthz p99 with no upload: ${baselineP99.toFixed(1)} ms`);

    const summary: Record<string, { s: number; rss: number; p99: number; idleP99: number }> = {};
    for (const [name, bytes] of Object.entries(files)) {
      let worst = { s: 0, rss: 0, p99: 0, idleP99: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        await new Promise((r) => setTimeout(r, 500));
        // The same probe with no upload right before each round: on a shared machine the idle
        // tail moves minute by minute, and the round is read against it.
        const idleRound = probeHealth(api.url);
        const idleP99 = percentile(await idleRound.stop(), 99);
        const rssBefore = api.rssMb();
        let rssMax = rssBefore;
        const sampler = setInterval(() => {
          rssMax = Math.max(rssMax, api.rssMb());
        }, 20);
        const health = probeHealth(api.url);
        const t0 = performance.now();
        const res = await upload(bytes);
        const seconds = (performance.now() - t0) / 1000;
        await new Promise((r) => setTimeout(r, 200));
        const p99 = percentile(await health.stop(), 99);
        clearInterval(sampler);
        const growth = rssMax - rssBefore;
        const preview = JSON.parse(res.body) as { ok?: boolean; issues?: { message: string }[] };
        console.log(
          `[bench] ${name} round ${round + 1}: ${res.status} ok=${preview.ok} in ${seconds.toFixed(2)} s, RSS ${rssBefore.toFixed(0)} → peak ${rssMax.toFixed(0)} MB (+${growth.toFixed(0)}), /healthz p99 ${p99.toFixed(1)} ms (idle just before: ${idleP99.toFixed(1)} ms); ${preview.issues?.[0]?.message ?? ''}`,
        );
        worst = {
          s: Math.max(worst.s, seconds),
          rss: Math.max(worst.rss, growth),
          ...(p99 >= worst.p99 ? { p99, idleP99 } : { p99: worst.p99, idleP99: worst.idleP99 }),
        };
      }
      summary[name] = worst;
    }
    const line = Object.entries(summary)
      .map(
        ([n, w]) =>
          `${n}_s=${w.s.toFixed(2)} ${n}_rss_growth_mb=${w.rss.toFixed(0)} ${n}_healthz_p99_ms=${w.p99.toFixed(1)} ${n}_idle_p99_ms=${w.idleP99.toFixed(1)}`,
      )
      .join(' ');
    console.log(
      `bench import-bomb: ${line} baseline_healthz_p99_ms=${baselineP99.toFixed(1)} targets: refused<=1s rss_growth<=100MB healthz_p99<=50ms`,
    );
  } finally {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
