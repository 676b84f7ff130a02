import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';

/**
 * Certificates for the fake Kubernetes API server, made with the openssl CLI in a temporary
 * folder: a CA, a server certificate it signs (SAN localhost / 127.0.0.1), and client
 * certificates (CN = user, O = groups) the way kubeadm issues them.
 */
export interface CertPair {
  certPem: string;
  keyPem: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-k8s-certs-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed certificate authority. */
export function createCa(commonName = 'fake-kubernetes-ca'): CertPair {
  return withTempDir((dir) => {
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ]);
    return {
      certPem: readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
      keyPem: readFileSync(path.join(dir, 'ca.key'), 'utf8'),
    };
  });
}

function issue(ca: CertPair, subject: string, extensions: string): CertPair {
  return withTempDir((dir) => {
    writeFileSync(path.join(dir, 'ca.crt'), ca.certPem);
    writeFileSync(path.join(dir, 'ca.key'), ca.keyPem);
    writeFileSync(path.join(dir, 'ext.cnf'), extensions);
    openssl(dir, [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'leaf.key',
      '-out',
      'leaf.csr',
      '-subj',
      subject,
    ]);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'leaf.crt',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    ]);
    return {
      certPem: readFileSync(path.join(dir, 'leaf.crt'), 'utf8'),
      keyPem: readFileSync(path.join(dir, 'leaf.key'), 'utf8'),
    };
  });
}

/** A serving certificate for localhost / 127.0.0.1 signed by `ca`. */
export function issueServerCert(
  ca: CertPair,
  hosts: string[] = ['localhost', '127.0.0.1'],
): CertPair {
  const san = hosts.map((h) => (/^[\d.]+$/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  return issue(
    ca,
    '/CN=kube-apiserver',
    `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
  );
}

/** A client certificate: Kubernetes reads the user from CN and groups from O. */
export function issueClientCert(ca: CertPair, user: string, groups: string[] = []): CertPair {
  const subject = `${groups.map((g) => `/O=${g}`).join('')}/CN=${user}`;
  return issue(
    ca,
    subject,
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
  );
}

/** SHA-256 fingerprint as colon-separated upper-case hex (what browsers and Node show). */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}
