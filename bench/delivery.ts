/**
 * Email delivery to a local SMTP server (PRODUCT §5: ≥ 500 messages/s); see lib/delivery-run.ts.
 *
 *   npm run bench:delivery               BENCH_N=5000 messages a run, BENCH_RUNS=3
 */
import { deliveryBenchmark } from './lib/delivery-run.ts';

await deliveryBenchmark('delivery', 0);
