export { type AppType, createApp } from './app.ts';
export { type Config, ConfigError, parseConfig } from './config.ts';
export type { AppDeps } from './deps.ts';
