// Parses an uploaded XLSX off the API's event loop (a worker thread with its own small heap),
// reading rows as they stream out of the zip and stopping at the row cap or at the first cell
// over the size cap, so neither a long sheet nor a huge cell is ever held whole. Plain
// JavaScript so it runs in a bare worker under tsx, vitest or node alike.
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';

/** Inflates every entry to nowhere: yauzl fails an entry that inflates past its declared size. */
function verifyDeclaredSizes(buffer) {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          stream.on('error', reject);
          stream.on('end', () => zip.readEntry());
          stream.resume();
        });
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function readRows({ bytes, maxRows, maxCellChars }) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    await verifyDeclaredSizes(buffer);
  } catch {
    return { ok: false, line: 1, message: '无法读取 Excel 文件 (not a readable .xlsx file)' };
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const rows = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const cells = [];
      for (let col = 1; col <= row.cellCount; col++) {
        const text = row.getCell(col).text ?? '';
        if (text.length > maxCellChars)
          return {
            ok: false,
            line: row.number,
            message: `第 ${row.number} 行第 ${col} 列超过 ${maxCellChars} 个字符 (a cell is longer than ${maxCellChars} characters)`,
          };
        cells.push(text);
      }
      if (cells.every((c) => c.trim() === '')) continue;
      rows.push({ line: row.number, cells });
      // The header plus one row over the cap is enough to say the file is too long.
      if (rows.length > maxRows + 1)
        return { ok: false, line: 1, message: `一次最多导入 ${maxRows} 行 (at most ${maxRows} rows)` };
    }
    // Only the first worksheet is imported.
    return { ok: true, rows };
  }
  return { ok: false, line: 1, message: '文件为空 (the file is empty)' };
}

readRows(workerData).then(
  (result) => parentPort.postMessage(result),
  () =>
    parentPort.postMessage({
      ok: false,
      line: 1,
      message: '无法读取 Excel 文件 (not a readable .xlsx file)',
    }),
);
