import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox, loadSecretKey, parseSecretKey } from '../../src/store/crypto';

/** Flips one character of a base64url part, keeping it valid base64url. */
function flip(part: string, index = 0): string {
  const c = part[index];
  return `${part.slice(0, index)}${c === 'A' ? 'B' : 'A'}${part.slice(index + 1)}`;
}

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips secrets bound to their associated data', () => {
    for (const plain of ['', 'shpat_123', '{"apiKey":"ü€ 密钥"}', 'x'.repeat(10_000)]) {
      const sealed = box.seal(plain, 'con_1');
      expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
      expect(sealed).not.toContain(plain || '\u0000');
      expect(box.open(sealed, 'con_1')).toBe(plain);
    }
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same', 'con_1')).not.toBe(box.seal('same', 'con_1'));
  });

  it('detects tampering with the ciphertext, tag or IV', () => {
    const [v, iv, tag, body] = box.seal('top secret', 'con_1').split('.') as [string, string, string, string];
    expect(() => box.open([v, iv, tag, flip(body)].join('.'), 'con_1')).toThrow();
    expect(() => box.open([v, iv, flip(tag), body].join('.'), 'con_1')).toThrow();
    expect(() => box.open([v, flip(iv), tag, body].join('.'), 'con_1')).toThrow();
    expect(() => box.open([v, iv, tag, body.slice(0, -2)].join('.'), 'con_1')).toThrow();
  });

  it('fails with other associated data or another key', () => {
    const sealed = box.seal('top secret', 'con_1');
    expect(() => box.open(sealed, 'con_2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'con_1')).toThrow();
  });

  it('refuses what is not a sealed secret, and keys of the wrong size', () => {
    expect(() => box.open('plain text', 'con_1')).toThrow(/not a sealed secret/);
    expect(() => box.open('v2.a.b.c', 'con_1')).toThrow(/not a sealed secret/);
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('parseSecretKey', () => {
  const key = randomBytes(32);

  it('reads 64 hex characters, either case, trimmed', () => {
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(` ${key.toString('hex').toUpperCase()}\n`)).toEqual(key);
  });

  it('reads base64 and base64url of 32 bytes', () => {
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64url'))).toEqual(key);
  });

  it('rejects keys of another length', () => {
    expect(() => parseSecretKey(randomBytes(16).toString('hex'))).toThrow(/32 bytes/);
    expect(() => parseSecretKey(randomBytes(31).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseSecretKey(randomBytes(33).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseSecretKey('')).toThrow(/32 bytes/);
  });
});

describe('loadSecretKey', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'orderhub-key-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates secret.key with mode 0600 once, then reuses it', () => {
    const dataDir = join(dir, 'data');
    const first = loadSecretKey(undefined, dataDir);
    expect(first.generated).toBe(true);
    expect(first.key).toHaveLength(32);
    const file = join(dataDir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseSecretKey(readFileSync(file, 'utf8'))).toEqual(first.key);

    const second = loadSecretKey(undefined, dataDir);
    expect(second).toEqual({ key: first.key, generated: false });
    const third = loadSecretKey('', dataDir);
    expect(third.key).toEqual(first.key);
  });

  it('reads a key file written by hand', () => {
    const key = randomBytes(32);
    writeFileSync(join(dir, 'secret.key'), `${key.toString('base64')}\n`, { mode: 0o600 });
    expect(loadSecretKey(undefined, dir)).toEqual({ key, generated: false });
  });

  it('prefers the environment and writes no file then', () => {
    const key = randomBytes(32);
    const dataDir = join(dir, 'data');
    expect(loadSecretKey(key.toString('hex'), dataDir)).toEqual({ key, generated: false });
    expect(loadSecretKey(key.toString('base64'), dataDir)).toEqual({ key, generated: false });
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);
    expect(() => loadSecretKey('abcd', dataDir)).toThrow(/32 bytes/);
  });
});
