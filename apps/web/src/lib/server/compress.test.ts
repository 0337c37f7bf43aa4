import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressResponse } from './compress';

const page = `<!doctype html><html><body>${'<p>满意 非常满意 基本满意</p>'.repeat(200)}</body></html>`;
const request = (acceptEncoding?: string, method = 'GET') =>
  new Request('http://localhost/r/x', {
    method,
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  });
const html = (body: string | ReadableStream = page) =>
  new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });

describe('chooseEncoding', () => {
  it('prefers brotli, falls back to gzip, honours q=0 and *', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('gzip;q=1.0, br;q=0.5')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0')).toBeNull();
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding(null)).toBeNull();
    expect(chooseEncoding('')).toBeNull();
  });
});

describe('compressResponse', () => {
  it('sends a rendered page brotli-compressed, with Vary and the compressed length', async () => {
    const out = await compressResponse(request('gzip, br'), html());
    expect(out.headers.get('content-encoding')).toBe('br');
    expect(out.headers.get('vary')).toContain('Accept-Encoding');
    const body = Buffer.from(await out.arrayBuffer());
    expect(Number(out.headers.get('content-length'))).toBe(body.byteLength);
    expect(body.byteLength).toBeLessThan(Buffer.byteLength(page) / 5);
    expect(brotliDecompressSync(body).toString()).toBe(page);
  });

  it('uses gzip for a client without brotli, and the page streamed in chunks arrives whole', async () => {
    const chunks = [page.slice(0, 100), page.slice(100)];
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const out = await compressResponse(request('gzip'), html(stream));
    expect(out.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await out.arrayBuffer())).toString()).toBe(page);
  });

  it('leaves the page alone for a client that accepts no encoding, but still varies on it', async () => {
    const out = await compressResponse(request(), html());
    expect(out.headers.get('content-encoding')).toBeNull();
    expect(out.headers.get('vary')).toContain('Accept-Encoding');
    expect(await out.text()).toBe(page);
  });

  it('passes downloads through untouched, so they keep streaming', async () => {
    const csv = new Response('a,b\n1,2\n', { headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(await compressResponse(request('br'), csv)).toBe(csv);
    const pdf = new Response(new Uint8Array(4096), { headers: { 'content-type': 'application/pdf' } });
    expect(await compressResponse(request('br'), pdf)).toBe(pdf);
  });

  it('does not compress twice, a HEAD, or a redirect', async () => {
    const already = new Response('x', { headers: { 'content-type': 'text/html', 'content-encoding': 'br' } });
    expect(await compressResponse(request('br'), already)).toBe(already);
    const head = html();
    expect(await compressResponse(request('br', 'HEAD'), head)).toBe(head);
    const redirect = new Response(null, { status: 303, headers: { location: '/r/thanks' } });
    expect(await compressResponse(request('br'), redirect)).toBe(redirect);
  });
});
