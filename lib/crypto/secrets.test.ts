import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../env';
import { decryptSecret, encryptSecret, resetSecretKeyForTests } from './secrets';

const saved = { ...process.env };
function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
  resetSecretKeyForTests();
}

afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
  resetSecretKeyForTests();
});

describe('secrets at rest', () => {
  it('round-trips with a fresh IV each time and never stores the plain text', () => {
    setEnv({ SLIPWAY_SECRET_KEY: crypto.randomBytes(32).toString('hex'), DATABASE_URL: undefined });
    const a = encryptSecret('hunter2-password');
    const b = encryptSecret('hunter2-password');
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(decryptSecret(a)).toBe('hunter2-password');
  });

  it('detects tampering (GCM authentication)', () => {
    setEnv({ SLIPWAY_SECRET_KEY: crypto.randomBytes(32).toString('hex'), DATABASE_URL: undefined });
    const parts = encryptSecret('value').split(':');
    const ct = Buffer.from(parts[3]!, 'base64');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64');
    expect(() => decryptSecret(parts.join(':'))).toThrow();
  });

  it('cannot decrypt with another key', () => {
    setEnv({ SLIPWAY_SECRET_KEY: crypto.randomBytes(32).toString('hex'), DATABASE_URL: undefined });
    const stored = encryptSecret('value');
    setEnv({ SLIPWAY_SECRET_KEY: crypto.randomBytes(32).toString('hex') });
    expect(() => decryptSecret(stored)).toThrow();
  });

  it('generates one key into the data folder in embedded mode and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-key-'));
    setEnv({ SLIPWAY_SECRET_KEY: undefined, DATABASE_URL: undefined, SLIPWAY_DATA_DIR: dir });
    const stored = encryptSecret('value');
    const keyFile = path.join(dir, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    resetSecretKeyForTests();
    expect(decryptSecret(stored)).toBe('value');
  });

  it('refuses to work with PostgreSQL and no key, saying why', () => {
    setEnv({ SLIPWAY_SECRET_KEY: undefined, DATABASE_URL: 'postgres://127.0.0.1:5432/x' });
    expect(() => encryptSecret('x')).toThrow(/SLIPWAY_SECRET_KEY is required with DATABASE_URL/);
  });

  it('rejects a key of the wrong length', () => {
    setEnv({ SLIPWAY_SECRET_KEY: 'abcd', DATABASE_URL: undefined });
    expect(() => encryptSecret('x')).toThrow(/32 bytes/);
  });
});
