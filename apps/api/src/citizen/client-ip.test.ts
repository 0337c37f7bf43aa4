// On a real socket (app.request has no peer): who may say which address a request comes from.
import { serve } from '@hono/node-server';
import { deriveForwardSecret } from '@kaimen/domain';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import { clientIp } from './client-ip.ts';

const secret = Buffer.alloc(32, 9);
let url = '';
let close = () => {};
const serveWith = (trusted: string) => {
  const deps = { config: parseConfig({ TRUSTED_PROXIES: trusted }), secret };
  const app = new Hono().get('/', (c) => c.text(clientIp(c, deps)));
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
};
const ask = async (base: string, headers: Record<string, string>) => (await fetch(base, { headers })).text();

describe('client address', () => {
  beforeAll(async () => {
    ({ url, close } = await serveWith(''));
  });
  afterAll(() => close());

  it('ignores a forged X-Forwarded-For from a loopback caller without the proof', async () => {
    expect(await ask(url, { 'x-forwarded-for': '203.0.113.7' })).toBe('127.0.0.1');
  });

  it('believes the web app, which proves itself with the forward secret', async () => {
    const proof = deriveForwardSecret(secret);
    expect(await ask(url, { 'x-forwarded-for': '203.0.113.7', 'x-kaimen-forward-secret': proof })).toBe(
      '203.0.113.7',
    );
  });

  it('ignores the header when the proof is wrong, even from a trusted proxy', async () => {
    const trusted = await serveWith('127.0.0.1');
    try {
      expect(
        await ask(trusted.url, { 'x-forwarded-for': '203.0.113.7', 'x-kaimen-forward-secret': 'guess' }),
      ).toBe('127.0.0.1');
      // A configured proxy without a proof (HAProxy for other API callers) is believed.
      expect(await ask(trusted.url, { 'x-forwarded-for': '198.51.100.4' })).toBe('198.51.100.4');
    } finally {
      trusted.close();
    }
  });
});
