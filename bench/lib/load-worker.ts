/**
 * The HTTP load generator's process (forked by load.ts, so it never shares the benchmark's or the
 * server's event loop): runs autocannon once with the spec it is sent and sends back the result.
 */
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load-spec.ts';

function run(spec: LoadSpec): Promise<LoadResult> {
  let sent = 0;
  // autocannon ends a fixed-amount run on its next one-second tick: the run's span is timed here instead.
  let firstAt = 0;
  let lastAt = 0;
  const failures: string[] = [];
  const items = spec.body.kind === 'list' ? spec.body.items : undefined;
  const body = spec.body;
  const request: autocannon.Request = {
    method: spec.method,
    path: spec.path,
    headers: spec.headers,
    setupRequest: (req) => {
      const n = sent++;
      if (n === 0) firstAt = performance.now();
      if (body.kind === 'invite') return { ...req, body: `{"emails":["${body.prefix}${n}@bench.test"],"role":"member"}` };
      if (items) {
        const item = items[n % items.length]!;
        return { ...req, ...(item.body !== undefined ? { body: item.body } : {}), headers: { ...spec.headers, ...item.headers } };
      }
      return req;
    },
    onResponse: (status, resBody) => {
      lastAt = performance.now();
      if ((status < 200 || status >= 300) && failures.length < 5) failures.push(`${status} ${String(resBody).slice(0, 300)}`);
    },
  };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        ...(items ? { amount: items.length } : { duration: spec.durationS }),
        requests: [request],
        timeout: 60,
      },
      (err, r) => {
        if (err) return reject(err);
        const ok = r['2xx'];
        const durationS = lastAt > firstAt ? (lastAt - firstAt) / 1000 : r.duration;
        resolve({
          requests: r.requests.total,
          ok,
          non2xx: r.non2xx,
          errors: r.errors,
          durationS,
          rps: ok / durationS,
          latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
          failures,
        });
      },
    );
  });
}

process.once('message', (spec: LoadSpec) => {
  run(spec).then(
    (result) => process.send?.({ result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ error: String(err) }, () => process.exit(1)),
  );
});
