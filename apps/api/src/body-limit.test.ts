// The body limit over real HTTP: a declared Content-Length is judged from the header, a
// chunked body while it streams; either way the route never runs for an oversized body.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimit } from './body-limit.ts';
import { errorResponse } from './errors.ts';

const LIMIT = 1024;
let server: ServerType;
let base: string;
let reached = 0;

beforeAll(async () => {
  const app = new Hono()
    .use(bodyLimit(LIMIT))
    .post('/echo', async (c) => {
      reached++;
      return c.json({ length: JSON.stringify(await c.req.json()).length });
    })
    .onError((error, c) => errorResponse(c, error));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  fetch(`${base}/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    // A stream body needs half duplex in Node's fetch.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

describe('body limit', () => {
  it('reads a body within the limit', async () => {
    const res = await post(JSON.stringify({ text: 'x'.repeat(500) }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ length: 511 });
  });

  it('refuses a declared length over the limit without running the route', async () => {
    const before = reached;
    const res = await post(JSON.stringify({ text: 'x'.repeat(2 * LIMIT) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(reached).toBe(before);
  });

  it('counts a chunked body while it streams', async () => {
    const chunk = new TextEncoder().encode(`"${'y'.repeat(600)}`);
    const chunks = [new TextEncoder().encode('{"text":'), chunk, chunk, new TextEncoder().encode('"}')];
    const before = reached;
    const res = await post(
      new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
    );
    expect(res.status).toBe(413);
    expect(reached).toBe(before);
  });

  it('lets a small chunked body through', async () => {
    const res = await post(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"text":"short"}'));
          controller.close();
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ length: 16 });
  });
});
