import client from 'prom-client';

interface Metrics {
  registry: client.Registry;
  httpRequests: client.Counter<'method' | 'route' | 'status'>;
  httpDuration: client.Histogram<'method' | 'route'>;
  counter(name: string, help: string, labels?: string[]): client.Counter<string>;
  gauge(name: string, help: string, labels?: string[]): client.Gauge<string>;
  histogram(
    name: string,
    help: string,
    labels?: string[],
    buckets?: number[],
  ): client.Histogram<string>;
}

const g = globalThis as unknown as { __slipwayMetrics?: Metrics };

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'slipway_' });
  const get = <T>(name: string, make: () => T): T =>
    (registry.getSingleMetric(name) as T | undefined) ?? make();
  return {
    registry,
    httpRequests: new client.Counter({
      name: 'slipway_http_requests_total',
      help: 'HTTP requests by route, method and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new client.Histogram({
      name: 'slipway_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    counter: (name, help, labels = []) =>
      get(
        name,
        () => new client.Counter({ name, help, labelNames: labels, registers: [registry] }),
      ),
    gauge: (name, help, labels = []) =>
      get(name, () => new client.Gauge({ name, help, labelNames: labels, registers: [registry] })),
    histogram: (name, help, labels = [], buckets) =>
      get(
        name,
        () =>
          new client.Histogram({ name, help, labelNames: labels, buckets, registers: [registry] }),
      ),
  };
}

export function metrics(): Metrics {
  return (g.__slipwayMetrics ??= create());
}
