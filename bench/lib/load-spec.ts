/** What one load run sends; passed to the load process (load-worker.ts) over IPC. */
export type BodySpec =
  | { kind: 'none' }
  /** A new address per request: `{"emails":["<prefix><n>@bench.test"],"role":"member"}`. */
  | { kind: 'invite'; prefix: string }
  /** Request n uses items[n]; the run stops after the last one. */
  | { kind: 'list'; items: Array<{ body?: string; headers?: Record<string, string> }> };

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  connections: number;
  /** Seconds; ignored for a 'list' body (it runs until every item was sent). */
  durationS: number;
  body: BodySpec;
}

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  durationS: number;
  /** 2xx answers a second over the run. */
  rps: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** A few answers that were not 2xx, for diagnosis. */
  failures: string[];
}
