import { createHash } from 'node:crypto';
import { Client, type FileEntryWithStats, type SFTPWrapper } from 'ssh2';
import { authError, configError, ConnectorError, transientError } from '../../src/sdk';
import { joinPath, parentOf, type FileInfo, type Transport } from './transport';

/** What an SFTP transport needs to connect. */
export interface SftpOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  /** `SHA256:…` fingerprint of the server's host key; connections to any other key are refused. */
  hostKeySha256: string;
  /** Connect and handshake timeout. */
  timeoutMs?: number;
}

// SFTP status codes (draft-ietf-secsh-filexfer-02): 2 no such file, 3 permission denied, 4 failure.
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;

export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'number' ? error.code : undefined;
}

/** Classifies SFTP failures: missing folders and permissions are ops' to fix, the rest is retried. */
export function sftpFailure(error: unknown, what: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const status = statusOf(error);
  if (status === NO_SUCH_FILE)
    return configError(`${what}: no such folder on the SFTP server`, {
      code: 'EDI_X12_FOLDER_MISSING',
      remedy: 'Ask the partner for the folder names and fix outboundPath / inboundPath / statePath.',
      cause: error,
    });
  if (status === PERMISSION_DENIED)
    return configError(`${what}: permission denied on the SFTP server`, {
      code: 'EDI_X12_FOLDER_NOT_WRITABLE',
      remedy: 'Ask the partner to grant this SFTP user read/write on the folders.',
      cause: error,
    });
  return transientError(`SFTP ${what} failed`, { code: 'EDI_X12_SFTP_FAILED', cause: error });
}

function connectFailure(error: unknown, hostKeyRejected: boolean): ConnectorError {
  if (hostKeyRejected)
    return configError('the SFTP server presented a different host key', {
      code: 'EDI_X12_SFTP_HOST_KEY_MISMATCH',
      remedy:
        'Confirm the server’s key fingerprint with the partner out of band, then update sftpHostKeySha256.',
    });
  const level = error instanceof Error && 'level' in error ? error.level : undefined;
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (level === 'client-authentication')
    return authError('the SFTP server refused the user name or credentials', {
      code: 'EDI_X12_SFTP_AUTH',
      remedy: 'Check sftpUsername and sftpPassword / sftpPrivateKey with the partner.',
    });
  if (code === 'ENOTFOUND')
    return configError('the SFTP host name does not resolve', {
      code: 'EDI_X12_SFTP_HOST_UNKNOWN',
      remedy: 'Fix sftpHost.',
    });
  return transientError(`the SFTP server could not be reached (${code || 'handshake'})`, {
    code: 'EDI_X12_SFTP_UNREACHABLE',
    cause: error,
  });
}

const call = <T>(fn: (cb: (err: Error | undefined | null, value: T) => void) => void): Promise<T> =>
  new Promise((resolveCall, reject) => fn((err, value) => (err ? reject(err) : resolveCall(value))));

/** Opens one SFTP session; the transport holds it until `close()`. */
export async function sftpTransport(options: SftpOptions): Promise<Transport> {
  const client = new Client();
  let hostKeyRejected = false;
  const sftp = await new Promise<SFTPWrapper>((resolveSftp, reject) => {
    client.once('error', (error) => reject(connectFailure(error, hostKeyRejected)));
    client.once('ready', () =>
      client.sftp((error, session) => (error ? reject(sftpFailure(error, 'session')) : resolveSftp(session))),
    );
    client.connect({
      host: options.host,
      port: options.port,
      username: options.username,
      ...(options.password ? { password: options.password } : {}),
      ...(options.privateKey ? { privateKey: options.privateKey } : {}),
      readyTimeout: options.timeoutMs ?? 15_000,
      hostVerifier: (key: Buffer) => {
        hostKeyRejected = fingerprint(key) !== options.hostKeySha256;
        return !hostKeyRejected;
      },
    });
  });
  // Errors after the handshake surface through the pending SFTP calls; this keeps them from being unhandled.
  client.on('error', () => undefined);

  const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw sftpFailure(error, what);
    }
  };
  const exists = async (path: string): Promise<boolean> => {
    try {
      await call((cb) => sftp.stat(joinPath(path), cb));
      return true;
    } catch (error) {
      if (statusOf(error) === NO_SUCH_FILE) return false;
      throw sftpFailure(error, 'stat');
    }
  };
  const createExclusive = async (path: string, data: string): Promise<boolean> => {
    let handle: Buffer;
    try {
      handle = await call<Buffer>((cb) => sftp.open(joinPath(path), 'wx', cb));
    } catch (error) {
      // Servers answer an O_EXCL open of an existing file with a plain FAILURE.
      if (statusOf(error) === 4 && (await exists(path))) return false;
      throw sftpFailure(error, 'create');
    }
    return guard('write', async () => {
      const buffer = Buffer.from(data);
      await call((cb) => sftp.write(handle, buffer, 0, buffer.length, 0, (e) => cb(e, undefined)));
      await call((cb) => sftp.close(handle, (e) => cb(e, undefined)));
      return true;
    });
  };

  return {
    exists,
    readText: async (path) => {
      if (!(await exists(path))) return null;
      return guard('read', async () =>
        (await call<Buffer>((cb) => sftp.readFile(joinPath(path), cb))).toString('utf8'),
      );
    },
    publish: async (path, data) => {
      if (await exists(path)) return false;
      const dir = parentOf(joinPath(path));
      const temp = joinPath(dir, `.${joinPath(path).slice(dir.length ? dir.length + 1 : 0)}.part`);
      await guard('write', () => call((cb) => sftp.writeFile(temp, data, (e) => cb(e, undefined))));
      try {
        // SFTP v3 rename refuses an existing target, so a file delivered meanwhile is never replaced.
        await call((cb) => sftp.rename(temp, joinPath(path), (e) => cb(e, undefined)));
        return true;
      } catch (error) {
        await call((cb) => sftp.unlink(temp, (e) => cb(e, undefined))).catch(() => undefined);
        if (await exists(path)) return false;
        throw sftpFailure(error, 'rename');
      }
    },
    createExclusive,
    overwrite: (path, data) =>
      guard('write', () => call((cb) => sftp.writeFile(joinPath(path), data, (e) => cb(e, undefined)))),
    remove: async (path) => {
      try {
        await call((cb) => sftp.unlink(joinPath(path), (e) => cb(e, undefined)));
      } catch (error) {
        if (statusOf(error) !== NO_SUCH_FILE) throw sftpFailure(error, 'remove');
      }
    },
    list: (dir) =>
      guard('list', async () => {
        const entries = await call<FileEntryWithStats[]>((cb) => sftp.readdir(joinPath(dir) || '.', cb));
        const files: FileInfo[] = entries
          .filter((e) => e.attrs.isFile())
          .map((e) => ({ name: e.filename, mtimeMs: e.attrs.mtime * 1000, size: e.attrs.size }));
        return files;
      }),
    ensureDir: async (dir) => {
      let path = '';
      for (const part of joinPath(dir).split('/')) {
        path = path ? `${path}/${part}` : part;
        if (await exists(path)) continue;
        await guard('mkdir', () => call((cb) => sftp.mkdir(path, (e) => cb(e, undefined))));
      }
    },
    close: async () => {
      client.end();
    },
  };
}
