// The README and package.json promise a range of Node versions. This holds the promise to what
// a clean install takes: every package's declared `engines.node` must admit every version the project
// claims, so no supported Node meets pnpm's "✗ packages want Node.js …" on install (kysely 0.29
// and kysely-postgres-js 5 asked for Node 22 while we promised 20).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every package a clean install can take, with its declared engines, from the lockfile (which
 * records them): what a newcomer gets, not what an older install left in node_modules.
 */
function lockedPackages(): { id: string; node: string | undefined }[] {
  const lock = parse(readFileSync(join(ROOT, 'pnpm-lock.yaml'), 'utf8')) as {
    packages: Record<string, { engines?: { node?: string } }>;
  };
  return Object.entries(lock.packages).map(([id, entry]) => ({ id, node: entry.engines?.node }));
}

describe('Node versions', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    engines?: { node?: string };
  };
  const promised = manifest.engines?.node ?? '';
  const packages = lockedPackages();

  it('the project states the Node versions it supports, and this one is among them', () => {
    expect(semver.validRange(promised)).not.toBeNull();
    expect(semver.satisfies(process.version, promised)).toBe(true);
  });

  it('reads the packages and their engines (the check would pass vacuously otherwise)', () => {
    expect(packages.length).toBeGreaterThan(100);
    expect(packages.find((p) => p.id.startsWith('kysely@'))?.node).toBeTruthy();
  });

  it('every installed package admits every Node version the project promises', () => {
    const refusing = packages
      .filter((p) => p.node !== undefined && !semver.subset(promised, p.node))
      .map((p) => `${p.id} wants node ${p.node}`);
    expect(refusing, `the project promises node ${promised}`).toEqual([]);
  });
});
