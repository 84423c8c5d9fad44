import { Counter, Gauge, Histogram, register } from 'prom-client';

/** Delivery outcomes by channel and status (sent, failed, suppressed, retried). */
export const deliveries = new Counter({
  name: 'guestlist_notifications_total',
  help: 'Notifications the worker finished or retried, by channel and outcome',
  labelNames: ['channel', 'outcome'] as const,
});

/** From queued to sent. */
export const deliveryLatency = new Histogram({
  name: 'guestlist_delivery_latency_seconds',
  help: 'Seconds from a notification being queued to it being sent',
  labelNames: ['channel'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
});

/** Messages waiting in the outboxes (due or scheduled for a retry), as last counted by a worker. */
export const queued = new Gauge({
  name: 'guestlist_notifications_queued',
  help: 'Notifications waiting to be delivered, by outbox, as last counted by this process',
  labelNames: ['outbox'] as const,
});

export { register as metricsRegistry };
