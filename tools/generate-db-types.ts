// Writes packages/db/src/schema.generated.ts from a freshly migrated in-memory database.
import { writeFileSync } from 'node:fs';
import { generateDbTypes } from '../packages/db/src/codegen.ts';
import { createDb } from '../packages/db/src/connect.ts';
import { migrate } from '../packages/db/src/migrate.ts';

const db = createDb({ driver: 'pglite', dataDir: null });
await migrate(db);
const target = new URL('../packages/db/src/schema.generated.ts', import.meta.url);
writeFileSync(target, await generateDbTypes(db));
await db.destroy();
console.log(`wrote ${target.pathname}`);
