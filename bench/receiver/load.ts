import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  accepted: string[];
}

/**
 * Bounded load of valid Docker Hub deliveries: every request has its own tag (so none is a
 * duplicate); the ids answered with 202 are collected to check that none was lost.
 */
export async function loadTest(
  name: string,
  url: string,
  /** A Docker Hub payload to POST (each with its own tag), or null for a plain GET. */
  payload: string | null,
  opts: { connections: number; seconds: number },
): Promise<LoadResult> {
  const accepted: string[] = [];
  let n = 0;
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [
      payload === null
        ? { method: 'GET' }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({
              ...req,
              body: payload.replace('"tag": "latest"', `"tag": "b${process.pid}.${n++}"`),
            }),
            onResponse: (status, body) => {
              if (status === 202) accepted.push((JSON.parse(body) as { eventId: string }).eventId);
            },
          },
    ],
  });
  return {
    name,
    requests: result.requests.total,
    perSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    accepted,
  };
}
