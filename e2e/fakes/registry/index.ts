import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs Debian's real `docker-registry` (distribution 2.x) on 127.0.0.1 with TLS from a
 * self-signed certificate made here with openssl, and htpasswd (bcrypt) Basic auth.
 */
export interface RealRegistry {
  /** https://127.0.0.1:<port> */
  url: string;
  /** SHA-256 of the certificate it presents now, AA:BB:… */
  fingerprint: string;
  certPem: string;
  /** Stops it and starts it again on the same port with a newly made certificate. */
  restartWithNewCertificate(): Promise<void>;
  stop(): Promise<void>;
}

export function registryBinary(): string {
  try {
    return execFileSync('which', ['docker-registry'], { encoding: 'utf8' }).trim();
  } catch (err) {
    throw new Error('docker-registry is not installed (apt-get install docker-registry)', {
      cause: err,
    });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function makeCertificate(dir: string): { certPem: string; fingerprint: string } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '2',
      '-subj',
      `/CN=slipway-test-registry-${crypto.randomBytes(3).toString('hex')}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const certPem = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  const fingerprint = new crypto.X509Certificate(certPem).fingerprint256;
  return { certPem, fingerprint };
}

function writeHtpasswd(dir: string, users: Record<string, string>): string {
  const lines = Object.entries(users).map(([u, p]) =>
    execFileSync('htpasswd', ['-nbB', '-C', '5', u, p], { encoding: 'utf8' }).trim(),
  );
  const file = path.join(dir, 'htpasswd');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function writeConfig(dir: string, port: number, htpasswd: string): string {
  const file = path.join(dir, 'config.yml');
  writeFileSync(
    file,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'data')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      `  secret: ${crypto.randomBytes(16).toString('hex')}`,
      '  tls:',
      `    certificate: ${path.join(dir, 'cert.pem')}`,
      `    key: ${path.join(dir, 'key.pem')}`,
      'auth:',
      '  htpasswd:',
      '    realm: slipway-test-registry',
      `    path: ${htpasswd}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** Polls GET /v2/ until the registry answers (401 without credentials), bounded. */
async function waitReady(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`docker-registry exited (${child.exitCode}): ${output()}`);
    }
    const status = await new Promise<number>((resolve) => {
      const req = https.get(
        { host: '127.0.0.1', port, path: '/v2/', rejectUnauthorized: false, timeout: 1000 },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
    });
    if (status === 401) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not become ready on port ${port}: ${output()}`);
}

export async function startRealRegistry(opts: {
  users: Record<string, string>;
  port?: number;
}): Promise<RealRegistry> {
  const bin = registryBinary();
  const dir = mkdtempSync(path.join(tmpdir(), 'slipway-registry-'));
  const port = opts.port ?? (await freePort());
  const htpasswd = writeHtpasswd(dir, opts.users);
  const config = writeConfig(dir, port, htpasswd);
  let child: ChildProcess | undefined;
  let cert = makeCertificate(dir);

  const start = async () => {
    let out = '';
    const c = spawn(bin, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    c.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    child = c;
    await waitReady(port, c, () => out);
  };
  const halt = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 3000).unref();
    });
  };

  await start();
  const registry: RealRegistry = {
    url: `https://127.0.0.1:${port}`,
    fingerprint: cert.fingerprint,
    certPem: cert.certPem,
    async restartWithNewCertificate() {
      await halt();
      cert = makeCertificate(dir);
      registry.fingerprint = cert.fingerprint;
      registry.certPem = cert.certPem;
      await start();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return registry;
}
