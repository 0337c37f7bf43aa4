// Configuration, parsed once at boot from the environment. A bad or missing value stops the
// process with the variable's name and what was expected, before anything starts.
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole number')
  .min(1, 'expected a port between 1 and 65535')
  .max(65_535, 'expected a port between 1 and 65535');

const positiveInt = (fallback: number) =>
  z.coerce.number().int('expected a whole number').positive('expected a positive number').default(fallback);

export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL of a streaming replica')
    .optional(),
  REPLICA_MAX_LAG_SECONDS: z.coerce.number().positive('expected a positive number of seconds').default(5),
  REPLICA_CHECK_MS: z.coerce.number().int().min(100, 'expected at least 100 ms').default(1000),
  KAIMEN_DATA_DIR: z.string().min(1).default('.data'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(8787),
  WEB_PORT: port.default(3000),
  PUBLIC_ORIGIN: z
    .url({ error: 'expected an absolute URL such as https://kaimen.example.gov.cn' })
    .optional(),
  KAIMEN_SECRET: z
    .string()
    .regex(/^[0-9a-f]{64,}$/i, 'expected at least 64 hex characters (32 bytes)')
    .optional(),
  DB_POOL_SIZE: positiveInt(10),
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_ABSOLUTE_HOURS: positiveInt(12),
  PANEL_SESSION_IDLE_HOURS: positiveInt(168),
  SIGN_IN_MAX_FAILURES: positiveInt(5),
  SIGN_IN_LOCK_MINUTES: positiveInt(15),
  SIGN_IN_CLIENT_MAX_FAILURES: positiveInt(30),
  DEMO_SEED: z.enum(['auto', 'never'], { error: 'expected "auto" or "never"' }).default('auto'),
  DEMO_RATINGS: z.coerce.number().int().min(0).max(20_000_000).default(200_000),
  VISIT_TOKEN_MINUTES: positiveInt(30),
  RATING_DAILY_LIMIT_PER_RATER: positiveInt(3),
  RATING_IP_CEILING_PER_MINUTE: positiveInt(120),
  RATING_MIN_FILL_SECONDS: z.coerce.number().min(0).default(3),
  RATING_BURST_PER_MINUTE: positiveInt(30),
  RATING_IDENTICAL_PER_10_MINUTES: positiveInt(8),
  RATING_FORM_TOKEN_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  DEVICE_IDLE_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  PHONE_RETENTION_DAYS: positiveInt(30),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  /** Shared with the web app, which proves with it that the address it forwards is a citizen's. */
  KAIMEN_FORWARD_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
});

export type Config = z.infer<typeof configSchema> & { publicOrigin: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings are how shells unset things; treat them as absent.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const got = present[name];
      return `  ${name}: ${issue.message}${got === undefined ? '' : ` (got "${got}")`}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const data = result.data;
  if (data.DATABASE_REPLICA_URL && !data.DATABASE_URL)
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_REPLICA_URL: a replica needs DATABASE_URL (its primary); the embedded PGlite has none',
    );
  return { ...data, publicOrigin: data.PUBLIC_ORIGIN ?? `http://localhost:${data.WEB_PORT}` };
}
