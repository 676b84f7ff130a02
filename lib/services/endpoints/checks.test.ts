import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistryV2, parseChallenge } from '../../registries/registry-v2';
import { sendRequest } from '../../tls/request';

/**
 * The Bearer token flow of the registry check against a minimal token-auth registry written
 * here (distribution's `auth: token` answers the same way), and the bounded timeout.
 */
let server: http.Server;
let silent: net.Server;
let base = '';
let silentPort = 0;
const held = new Set<net.Socket>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token') {
      const ok =
        req.headers.authorization === 'Basic ' + Buffer.from('bob:builder').toString('base64');
      const scopeOk = url.searchParams.get('service') === 'test-registry';
      res.writeHead(ok && scopeOk ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok && scopeOk
            ? { token: 'tok-123', expires_in: 300 }
            : { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
        ),
      );
      return;
    }
    if (url.pathname === '/v2/') {
      const headers = {
        'docker-distribution-api-version': 'registry/2.0',
        'content-type': 'application/json',
      };
      if (req.headers.authorization === 'Bearer tok-123') {
        res.writeHead(200, headers);
        res.end('{}');
      } else {
        res.writeHead(401, {
          ...headers,
          'www-authenticate': `Bearer realm="${base}/token",service="test-registry"`,
        });
        res.end(
          JSON.stringify({
            errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
          }),
        );
      }
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  // Accepts connections and never answers: a hung server.
  silent = net.createServer((s) => {
    held.add(s);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as net.AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  for (const s of held) s.destroy();
  await new Promise((r) => silent.close(r));
});

describe('registry checks', () => {
  it('parses Basic and Bearer challenges', () => {
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example/token',
        service: 'registry.example',
        scope: 'repository:a/b:pull',
      },
    });
  });

  it('follows the Bearer token flow with the right credentials and says wrong credentials otherwise', async () => {
    expect(await checkRegistryV2(base, { username: 'bob', password: 'builder' }, {})).toMatchObject(
      {
        ok: true,
        kind: 'OK',
      },
    );
    expect(await checkRegistryV2(base, { username: 'bob', password: 'nope' }, {})).toMatchObject({
      ok: false,
      kind: 'WRONG_CREDENTIALS',
    });
    expect(await checkRegistryV2(base, {}, {})).toMatchObject({
      ok: false,
      kind: 'CREDENTIALS_NEEDED',
    });
  });

  it('says TLS failed when an https URL points at a plain-HTTP server', async () => {
    const err = await sendRequest(base.replace('http:', 'https:') + '/v2/').catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/TLS handshake with 127\.0\.0\.1:\d+ failed/);
  });

  it('gives up on a server that never answers, with a timeout message', async () => {
    const started = Date.now();
    const err = await sendRequest(`http://127.0.0.1:${silentPort}/v2/`, { timeoutMs: 1500 }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(
      /No answer from 127\.0\.0\.1:\d+ within 2 s \(timed out\)/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
