import type { Limits } from '../config.js';
import type { Logger } from '../logger.js';
import type { QuotaTracker } from '../quotas.js';
import type { Store } from '../store/types.js';

/** What every route module needs. */
export interface RouteDeps {
  readonly store: Store;
  readonly limits: Limits;
  readonly quotas: QuotaTracker;
  readonly logger: Logger;
  /** Called after a pool operation is queued (wakes an idle worker in this process). */
  readonly onOperationCreated: () => void;
}
