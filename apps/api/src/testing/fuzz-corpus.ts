// The hostile-input corpus both fuzz suites send: bad bodies for writes, bad queries for reads,
// bad path parameters. One copy, so a new kind of hostile input reaches every route at once.
export const HOSTILE_STRINGS = [
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  '\u2066iso',
  '\u0007\u001b[31m',
  'x'.repeat(200_000),
];
const KEYS = [
  'name',
  'nameEn',
  'code',
  'reason',
  'text',
  'note',
  'comment',
  'problem',
  'login',
  'password',
  'token',
  'windowCode',
  'decision',
  'kind',
  'action',
  'to',
  'direction',
  'version',
];
const everyKey = (value: unknown) => Object.fromEntries(KEYS.map((k) => [k, value]));
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

/** Bad bodies: each is a string sent as it is, or bytes, with its content type. */
export const BODIES: { label: string; body: string | Uint8Array; type?: string }[] = [
  { label: 'malformed JSON', body: '{"name": ' },
  { label: 'trailing garbage', body: '{"name":"a"} x' },
  { label: 'null', body: 'null' },
  { label: 'array', body: '[]' },
  { label: 'number', body: '42' },
  { label: 'string', body: '"name"' },
  { label: 'wrong types', body: JSON.stringify(everyKey(123)) },
  { label: 'objects for strings', body: JSON.stringify(everyKey({ $ne: null })) },
  ...HOSTILE_STRINGS.map((s, i) => ({ label: `hostile string ${i}`, body: JSON.stringify(everyKey(s)) })),
  { label: 'huge array', body: JSON.stringify({ ...everyKey([]), items: new Array(100_000).fill(1) }) },
  { label: 'deep array', body: deep(50_000) },
  { label: 'deep object', body: deepObject(5_000) },
  { label: 'deep value', body: `{"name":${deepObject(2_000)}}` },
  {
    label: '__proto__ keys',
    body: '{"__proto__":{"isAdmin":true,"name":"x"},"constructor":{"prototype":{"x":1}}}',
  },
  { label: 'unknown keys', body: JSON.stringify({ zzUnknown: 1, another: 'x' }) },
  {
    label: 'out-of-range numbers',
    body: '{"overall":1e400,"weight":-1e308,"volume":1e30,"year":-0,"k":0.5,"score":1e400,"position":-1}',
  },
  { label: 'text/plain', body: '{"name":"x"}', type: 'text/plain' },
  { label: 'no content type', body: '{"name":"x"}', type: '' },
  {
    label: 'invalid UTF-8',
    body: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d]),
  },
];

export const QUERIES = [
  '?cycleId=%00',
  '?cycleId=not-a-uuid&unitId=%F0%9F',
  `?q=${'x'.repeat(20_000)}`,
  '?format=../../etc/passwd',
  '?format=csv&format=xlsx',
  '?before=-1&year=1e400',
  '?action=__proto__&entityId=%E2%80%AE',
  '?category=%ZZ&unit=%',
  '?__proto__[x]=1&constructor=1',
];

export const PARAM_VALUES = ['%00', '..%2F..%2Fetc', 'x'.repeat(5_000), '-1', '1e400', '%E2%80%AE'];
