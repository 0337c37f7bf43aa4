import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.ts';

describe('TtlCache', () => {
  it('shares one load among callers that arrive while it runs', async () => {
    const cache = new TtlCache<number>(1000);
    let loads = 0;
    let finish: (n: number) => void = () => {};
    const load = () => {
      loads++;
      return new Promise<number>((resolve) => {
        finish = resolve;
      });
    };
    const pending = [cache.get('k', 0, load), cache.get('k', 10, load), cache.get('k', 20, load)];
    finish(42);
    expect(await Promise.all(pending)).toEqual([42, 42, 42]);
    expect(loads).toBe(1);
  });

  it('loads again once the entry is older than its time to live', async () => {
    const cache = new TtlCache<number>(1000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', 0, load)).toBe(1);
    expect(await cache.get('k', 999, load)).toBe(1);
    expect(await cache.get('k', 1000, load)).toBe(2);
  });

  it('forgets a failed load, so the next caller tries again', async () => {
    const cache = new TtlCache<number>(1000);
    await expect(cache.get('k', 0, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', 1, async () => 7)).toBe(7);
  });
});
