/**
 * Email delivery with 1,000,000 notifications of history (PRODUCT §5: the same ≥ 500 messages/s;
 * no query scans the history); see lib/delivery-run.ts.
 *
 *   npm run bench:delivery-history       BENCH_HISTORY=1000000, BENCH_N=5000 messages a run
 */
import { deliveryBenchmark } from './lib/delivery-run.ts';
import { size } from './lib/stats.ts';

await deliveryBenchmark('delivery-history', size('HISTORY', 1_000_000));
