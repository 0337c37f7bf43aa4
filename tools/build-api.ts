// `pnpm build` (API half): bundles the API and our workspace packages, which ship TypeScript
// sources, into plain JavaScript in apps/api/dist, so production runs `node` with no tsx or
// TypeScript. Third-party packages stay external and are loaded from apps/api/node_modules at
// run time: bundling them would break the ones that read files beside their code (PGlite's
// wasm, pdfkit's font metrics). Every external must therefore resolve from apps/api; the build
// fails with the package's name when one does not, rather than the server failing at run time.
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const apiDir = join(root, 'apps/api');
const outdir = join(apiDir, 'dist');

/** server.ts plus any worker entry (`*.worker.ts`): a worker is started from its own file. */
export function entryPoints(srcDir = join(apiDir, 'src')): string[] {
  const workers = (readdirSync(srcDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.worker.ts'))
    .map((file) => join(srcDir, file));
  return [join(srcDir, 'server.ts'), ...workers];
}

const packageName = (specifier: string) =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] ?? specifier);

function externalThirdParty(missing: Set<string>): Plugin {
  return {
    name: 'external-third-party',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.path.startsWith('@kaimen/')) return undefined;
        const name = packageName(args.path);
        // apps/api's own node_modules, not the workspace root's: a production install
        // (`pnpm install --prod`) has only the API's declared dependencies.
        if (!existsSync(join(apiDir, 'node_modules', name, 'package.json'))) missing.add(name);
        return { path: args.path, external: true };
      });
    },
  };
}

async function main(): Promise<void> {
  if (existsSync(outdir)) rmSync(outdir, { recursive: true });
  const missing = new Set<string>();
  const entries = entryPoints();
  const result = await build({
    entryPoints: entries,
    outdir,
    outbase: join(apiDir, 'src'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [externalThirdParty(missing)],
  });
  if (missing.size > 0) {
    console.error(
      `[build] the API bundle imports packages apps/api cannot resolve at run time: ${[...missing].join(', ')}\n` +
        '        add them to apps/api/package.json dependencies',
    );
    process.exit(1);
  }
  // Plain-JavaScript workers (`*-worker.mjs`) are started by URL relative to the module that
  // starts them, which in the bundle is dist/server.js: they go beside it, as they are.
  for (const file of (readdirSync(join(apiDir, 'src'), { recursive: true }) as string[]).filter((f) =>
    f.endsWith('-worker.mjs'),
  )) {
    copyFileSync(join(apiDir, 'src', file), join(outdir, basename(file)));
    console.log(`[build] apps/api/dist/${basename(file)} (worker, copied)`);
  }
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js'))
      console.log(`[build] ${relative(root, join(root, file))} ${(meta.bytes / 1024).toFixed(0)} KB`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
