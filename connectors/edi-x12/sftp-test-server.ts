import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  existsSync,
  type Stats,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Server, utils, type Attributes, type SFTPWrapper } from 'ssh2';
import { fingerprint } from './sftp';

const { OK, EOF, NO_SUCH_FILE, FAILURE } = utils.sftp.STATUS_CODE;

/** A real SSH/SFTP server on 127.0.0.1 serving one folder, for tests. */
export interface TestSftpServer {
  port: number;
  hostKeySha256: string;
  close(): Promise<void>;
}

function attrsOf(s: Stats): Attributes {
  return {
    mode: s.mode,
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    atime: Math.floor(s.atimeMs / 1000),
    mtime: Math.floor(s.mtimeMs / 1000),
  };
}

function errorStatus(error: unknown): number {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT' ? NO_SUCH_FILE : FAILURE;
}

/** Serves the SFTP requests ssh2's client makes for this connector (open/read/write/stat/readdir/rename/...). */
function serve(sftp: SFTPWrapper, root: string): void {
  const at = (p: string) => resolve(root, p.replace(/^\/+/, ''));
  const files = new Map<number, number>();
  const dirs = new Map<number, { entries: string[]; path: string; done: boolean }>();
  let next = 1;
  const handle = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const id = (h: Buffer) => h.readUInt32BE(0);
  const attempt = (reqid: number, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      sftp.status(reqid, errorStatus(error));
    }
  };
  sftp.on('OPEN', (reqid, filename, flags) =>
    attempt(reqid, () => {
      const mode = utils.sftp.flagsToString(flags) ?? 'r';
      const n = next++;
      files.set(n, openSync(at(filename), mode));
      sftp.handle(reqid, handle(n));
    }),
  );
  sftp.on('WRITE', (reqid, h, offset, data) =>
    attempt(reqid, () => {
      writeSync(files.get(id(h)) ?? -1, data, 0, data.length, offset);
      sftp.status(reqid, OK);
    }),
  );
  sftp.on('READ', (reqid, h, offset, length) =>
    attempt(reqid, () => {
      const buffer = Buffer.alloc(length);
      const read = readSync(files.get(id(h)) ?? -1, buffer, 0, length, offset);
      if (read === 0) sftp.status(reqid, EOF);
      else sftp.data(reqid, buffer.subarray(0, read));
    }),
  );
  sftp.on('FSTAT', (reqid, h) =>
    attempt(reqid, () => sftp.attrs(reqid, attrsOf(fstatSync(files.get(id(h)) ?? -1)))),
  );
  sftp.on('CLOSE', (reqid, h) =>
    attempt(reqid, () => {
      const fd = files.get(id(h));
      if (fd !== undefined) closeSync(fd);
      files.delete(id(h));
      dirs.delete(id(h));
      sftp.status(reqid, OK);
    }),
  );
  const stat = (reqid: number, path: string) =>
    attempt(reqid, () => sftp.attrs(reqid, attrsOf(statSync(at(path)))));
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('OPENDIR', (reqid, path) =>
    attempt(reqid, () => {
      const n = next++;
      dirs.set(n, { entries: readdirSync(at(path)), path: at(path), done: false });
      sftp.handle(reqid, handle(n));
    }),
  );
  sftp.on('READDIR', (reqid, h) =>
    attempt(reqid, () => {
      const d = dirs.get(id(h));
      if (!d || d.done) return void sftp.status(reqid, EOF);
      d.done = true;
      sftp.name(
        reqid,
        d.entries.map((filename) => ({
          filename,
          longname: filename,
          attrs: attrsOf(statSync(join(d.path, filename))),
        })),
      );
    }),
  );
  sftp.on('REMOVE', (reqid, path) => attempt(reqid, () => (unlinkSync(at(path)), sftp.status(reqid, OK))));
  sftp.on('MKDIR', (reqid, path) => attempt(reqid, () => (mkdirSync(at(path)), sftp.status(reqid, OK))));
  sftp.on('RENAME', (reqid, from, to) =>
    attempt(reqid, () => {
      // SFTP v3 semantics: renaming onto an existing file fails.
      if (existsSync(at(to))) return void sftp.status(reqid, FAILURE);
      renameSync(at(from), at(to));
      sftp.status(reqid, OK);
    }),
  );
  sftp.on('REALPATH', (reqid, path) =>
    sftp.name(reqid, [{ filename: path, longname: path, attrs: attrsOf(statSync(root)) }]),
  );
}

/** Starts a server accepting `username` / `password` and serving `root`. */
export async function startSftpServer(
  root: string,
  username: string,
  password: string,
): Promise<TestSftpServer> {
  const keys = utils.generateKeyPairSync('ed25519');
  const parsed = utils.parseKey(keys.public);
  if (parsed instanceof Error) throw parsed;
  const server = new Server({ hostKeys: [keys.private] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === username && ctx.password === password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () =>
      client.on('session', (accept) => accept().on('sftp', (acceptSftp) => serve(acceptSftp(), root))),
    );
    client.on('error', () => undefined);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? (address satisfies AddressInfo).port : 0;
  return {
    port,
    hostKeySha256: fingerprint(parsed.getPublicSSH()),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
