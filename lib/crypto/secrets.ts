import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, env } from '../env';

/**
 * Secret values at rest: AES-256-GCM with a random 96-bit IV per value.
 * Stored form: "v1:<iv b64>:<tag b64>:<ciphertext b64>".
 */
const PREFIX = 'v1';
let key: Buffer | undefined;

function parseKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const buf = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (buf.length !== 32) {
    throw new Error('SLIPWAY_SECRET_KEY must be 32 bytes, as 64 hex characters or base64');
  }
  return buf;
}

/** The key from SLIPWAY_SECRET_KEY; in embedded mode one is generated once into the data folder. */
export function secretKey(): Buffer {
  if (key) return key;
  const e = env();
  if (e.SLIPWAY_SECRET_KEY) {
    key = parseKey(e.SLIPWAY_SECRET_KEY);
    return key;
  }
  if (e.DATABASE_URL) {
    throw new Error(
      'SLIPWAY_SECRET_KEY is required with DATABASE_URL: every replica must share one key ' +
        '(generate one with: openssl rand -hex 32)',
    );
  }
  const file = path.join(dataDir(), 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir(), { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  key = parseKey(fs.readFileSync(file, 'utf8'));
  return key;
}

export function encryptSecret(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', secretKey(), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    PREFIX,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    ct.toString('base64'),
  ].join(':');
}

export function decryptSecret(stored: string): string {
  const [prefix, iv, tag, ct] = stored.split(':');
  if (prefix !== PREFIX || !iv || !tag || ct === undefined) {
    throw new Error('Stored secret has an unknown format');
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', secretKey(), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}

export function encryptJson(value: unknown): string {
  return encryptSecret(JSON.stringify(value));
}

export function decryptJson<T>(stored: string): T {
  return JSON.parse(decryptSecret(stored)) as T;
}

/** Test hook: forget the cached key after the environment changed. */
export function resetSecretKeyForTests(): void {
  key = undefined;
}
