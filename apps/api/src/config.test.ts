import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('fills in defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.API_PORT).toBe(8787);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.KAIMEN_DATA_DIR).toBe('.data');
    expect(config.publicOrigin).toBe('http://localhost:3000');
  });

  it('names every bad variable and what it expected', () => {
    let error: unknown;
    try {
      parseConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO_SEED: 'sometimes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/API_PORT: .*\(got "eighty"\)/);
    expect(message).toMatch(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).toMatch(/DEMO_SEED: expected "auto" or "never"/);
  });

  it('rejects a short secret and an out-of-range port', () => {
    expect(() => parseConfig({ KAIMEN_SECRET: 'abc' })).toThrow(/KAIMEN_SECRET: expected at least 64 hex/);
    expect(() => parseConfig({ WEB_PORT: '70000' })).toThrow(/WEB_PORT: expected a port between 1 and 65535/);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('takes a replica only beside a primary server', () => {
    expect(() => parseConfig({ DATABASE_REPLICA_URL: 'postgres://r/kaimen' })).toThrow(
      /DATABASE_REPLICA_URL: a replica needs DATABASE_URL/,
    );
    const config = parseConfig({
      DATABASE_URL: 'postgres://p/kaimen',
      DATABASE_REPLICA_URL: 'postgres://r/kaimen',
    });
    expect(config.DATABASE_REPLICA_URL).toBe('postgres://r/kaimen');
    expect(config.REPLICA_MAX_LAG_SECONDS).toBe(5);
    expect(() => parseConfig({ DATABASE_URL: 'postgres://p/k', REPLICA_MAX_LAG_SECONDS: '0' })).toThrow(
      /REPLICA_MAX_LAG_SECONDS: expected a positive number/,
    );
  });
});
