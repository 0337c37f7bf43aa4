// Compresses the pages SvelteKit renders (HTML, and the JSON of client-side navigation) when the
// browser accepts it. adapter-node serves the built JS and CSS precompressed, but not what the
// server renders: the citizen page went out as 10 KB raw over hall Wi-Fi. Downloads (CSV, JSONL,
// XLSX, PDF) are never touched: they stream from the API unbuffered, and are mostly compressed
// already.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Only these are compressed; everything else (streams, files, redirects) passes as it is. */
const COMPRESSIBLE = /^(text\/html|application\/json)\b/;
/** Below this the headers cost more than the bytes saved. */
const MIN_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to use for an `Accept-Encoding` header: brotli where accepted, else gzip, else none.
 * Honours `q=0` ("not this one") and `*`.
 */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    if (name) weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return null;
}

export async function compressResponse(request: Request, response: Response): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  if (!COMPRESSIBLE.test(type) || response.headers.has('content-encoding') || !response.body) return response;
  if (request.method === 'HEAD' || response.status === 204 || response.status === 304) return response;
  // Caches must key on the header even when this answer is not compressed.
  response.headers.append('vary', 'Accept-Encoding');
  const encoding = chooseEncoding(request.headers.get('accept-encoding'));
  if (!encoding) return response;
  // Rendered pages here are small and complete when resolve() returns: buffering costs nothing.
  const raw = Buffer.from(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  if (raw.byteLength < MIN_BYTES) {
    headers.set('content-length', String(raw.byteLength));
    return new Response(raw, { status: response.status, statusText: response.statusText, headers });
  }
  const body =
    encoding === 'br'
      ? await brotli(raw, {
          // Quality 5 is within a few per cent of 11 on a page this size, at a fraction of the CPU.
          params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength },
        })
      : await gzipAsync(raw, { level: 6 });
  headers.set('content-encoding', encoding);
  headers.set('content-length', String(body.byteLength));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
