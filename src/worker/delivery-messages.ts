import type { MetricObjectWithValues, MetricValue } from 'prom-client';

/** What the server's thread asks the delivery thread (delivery-thread.ts). */
export type ToDeliveryThread = { kind: 'metrics'; id: number } | { kind: 'stop' };

/** What the delivery thread answers (it ends when stopped: its exit is the answer). */
export type FromDeliveryThread = { kind: 'metrics'; id: number; metrics: MetricObjectWithValues<MetricValue<string>>[] };
