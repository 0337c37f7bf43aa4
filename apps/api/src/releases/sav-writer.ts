// An SPSS system file (.sav) writer, to the format as PSPP documents it ("System File Format",
// PSPP manual): no maintained .sav writer exists on npm (sav-writer has one release and no docs),
// so this writes the documented records and nothing more. Uncompressed, little-endian, UTF-8
// (character encoding record), long variable names, very long strings (> 255 bytes, split into
// 252-byte segments), variable labels and numeric value labels. Stata and R (haven) read .sav too.
// The header's date comes from the caller, so the same data always gives the same bytes.

export type SavVariable =
  | { name: string; label: string; kind: 'numeric'; decimals: number; valueLabels?: [number, string][] }
  | { name: string; label: string; kind: 'string'; width: number };

const SYSMIS = -Number.MAX_VALUE;
const UNIT = 8;

const utf8 = (s: string) => Buffer.from(s, 'utf8');
/** At most n bytes of s, cut on a character boundary. */
function clip(s: string, n: number): Buffer {
  let b = utf8(s);
  if (b.length <= n) return b;
  let end = n;
  while (end > 0 && ((b[end] as number) & 0xc0) === 0x80) end--;
  b = b.subarray(0, end);
  return b;
}
function padded(b: Buffer, size: number, fill = 0x20): Buffer {
  const out = Buffer.alloc(size, fill);
  b.copy(out, 0, 0, Math.min(b.length, size));
  return out;
}
const int32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => {
    b.writeInt32LE(v, 4 * i);
  });
  return b;
};
const float64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v, 0);
  return b;
};

/**
 * Segments of a string variable: 1 up to 255 bytes, else one per 252 bytes of width (PSPP's rule);
 * each but the last is 255 wide and holds the next 255 bytes of the value.
 */
const segments = (width: number) => (width < 256 ? 1 : Math.ceil(width / 252));
const allocWidth = (width: number, seg: number) =>
  width < 256 ? width : seg < segments(width) - 1 ? 255 : width - seg * 252;
const unitsOf = (bytes: number) => Math.ceil(bytes / UNIT);

const format = (type: number, width: number, decimals: number) => (type << 16) | (width << 8) | decimals;

function variableRecord(shortName: string, type: number, label: string | null, fmt: number): Buffer {
  const parts = [int32(2, type, label === null ? 0 : 1, 0, fmt, fmt), padded(utf8(shortName), 8)];
  if (label !== null) {
    const l = clip(label, 255);
    parts.push(int32(l.length), padded(l, Math.ceil(l.length / 4) * 4));
  }
  return Buffer.concat(parts);
}
const continuation = () => Buffer.concat([int32(2, -1, 0, 0, 0, 0), Buffer.alloc(8, 0x20)]);
const info = (subtype: number, size: number, data: Buffer) =>
  Buffer.concat([int32(7, subtype, size, data.length / size), data]);

/** The header and dictionary; then each case from encodeCase. */
export function savDictionary(
  variables: readonly SavVariable[],
  opts: { cases: number; created: Date; fileLabel: string },
): Buffer {
  const units = variables.reduce(
    (a, v) =>
      a +
      (v.kind === 'numeric'
        ? 1
        : Array.from({ length: segments(v.width) }, (_, s) => unitsOf(allocWidth(v.width, s))).reduce(
            (x, y) => x + y,
            0,
          )),
    0,
  );
  const d = opts.created;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  const header = Buffer.concat([
    utf8('$FL2'),
    padded(utf8('@(#) SPSS DATA FILE Kaimen 开门考评'), 60),
    int32(2, units, 0, 0, opts.cases),
    float64(100),
    utf8(`${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${two(d.getUTCFullYear() % 100)}`),
    utf8(`${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`),
    padded(clip(opts.fileLabel, 64), 64),
    Buffer.alloc(3),
  ]);

  const records: Buffer[] = [];
  const longNames: string[] = [];
  const veryLong: string[] = [];
  const labelSets: { labels: [number, string][]; index: number }[] = [];
  let index = 1; // dictionary index of the next 8-byte unit, counted from 1
  variables.forEach((v, i) => {
    const short = `V${String(i + 1).padStart(3, '0')}`;
    longNames.push(`${short}=${v.name}`);
    if (v.kind === 'numeric') {
      records.push(variableRecord(short, 0, v.label, format(5, 8, v.decimals)));
      if (v.valueLabels?.length) labelSets.push({ labels: v.valueLabels, index });
      index += 1;
      return;
    }
    if (v.width > 255) veryLong.push(`${short}=${String(v.width).padStart(5, '0')}\0\t`);
    for (let s = 0; s < segments(v.width); s++) {
      const w = allocWidth(v.width, s);
      const name =
        s === 0
          ? short
          : `S${String(i + 1).padStart(3, '0')}${String.fromCharCode(65 + (s % 26))}${Math.floor(s / 26) || ''}`;
      records.push(variableRecord(name, w, s === 0 ? v.label : null, format(1, Math.max(1, w), 0)));
      for (let c = 1; c < unitsOf(w); c++) records.push(continuation());
      index += unitsOf(w);
    }
  });
  for (const set of labelSets) {
    const entries = set.labels.map(([value, label]) => {
      const l = clip(label, 120);
      return Buffer.concat([
        float64(value),
        Buffer.from([l.length]),
        padded(l, Math.ceil((l.length + 1) / 8) * 8 - 1),
      ]);
    });
    records.push(int32(3, set.labels.length), ...entries, int32(4, 1, set.index));
  }
  // Machine integer info: version 1.0.0, machine -1, IEEE 754, compression 1, little-endian, UTF-8.
  records.push(info(3, 4, int32(1, 0, 0, -1, 1, 1, 2, 65001)));
  const sysmisBytes = float64(SYSMIS);
  const lowest = Buffer.from('feffffffffffefff', 'hex');
  records.push(info(4, 8, Buffer.concat([sysmisBytes, float64(Number.MAX_VALUE), lowest])));
  records.push(info(13, 1, utf8(longNames.join('\t'))));
  if (veryLong.length > 0) records.push(info(14, 1, utf8(veryLong.join(''))));
  records.push(info(20, 1, utf8('UTF-8')));
  records.push(int32(999, 0));
  return Buffer.concat([header, ...records]);
}

/** One case (row) in the dictionary's layout; null is system-missing (numeric) or blank (string). */
export function encodeCase(
  variables: readonly SavVariable[],
  values: readonly (string | number | null)[],
): Buffer {
  const parts: Buffer[] = [];
  variables.forEach((v, i) => {
    const value = values[i];
    if (v.kind === 'numeric') {
      parts.push(float64(typeof value === 'number' && Number.isFinite(value) ? value : SYSMIS));
      return;
    }
    const bytes = value === null || value === undefined ? Buffer.alloc(0) : clip(String(value), v.width);
    for (let s = 0; s < segments(v.width); s++) {
      const from = s * 255;
      parts.push(
        padded(bytes.subarray(from, from + allocWidth(v.width, s)), unitsOf(allocWidth(v.width, s)) * UNIT),
      );
    }
  });
  return Buffer.concat(parts);
}
