/**
 * @crowdagg/server: the Toloka-compatible aggregated-solutions API, as a
 * library (the Hono app, the operation worker, the store) and the
 * `crowdagg-server` process.
 */
export { createApp, type AppOptions } from './app.js';
export { authenticate, credentialOf, parseTokenList, parseTokensFile, type TokenMap } from './auth.js';
export { DEFAULT_LIMITS, HELP, parseConfig, ConfigError, type Limits, type ServerConfig } from './config.js';
export { ApiError, type ErrorBody } from './errors.js';
export { consoleLogger, silentLogger, type Logger } from './logger.js';
export { QuotaTracker, parseQuotaRules, type QuotaConfig, type QuotaRule } from './quotas.js';
export { startServer, type RunningServer } from './server.js';
export { OperationWorker, type WorkerOptions } from './worker.js';
export { openStore } from './store/index.js';
export type * from './store/types.js';
