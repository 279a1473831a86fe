import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { loadConfig, type HubConfig } from '../config';
import { HubError } from '../core/errors';
import { createHub } from '../hub';
import { replayException } from '../pipeline/replay';

export interface ReplayOptions {
  payload?: string;
  release?: boolean;
  note?: string;
}

/**
 * `orderhub replay <exception-id>`: the same replay as `POST /v1/exceptions/:id/replay`, run against the configured
 * store and Redis (the workers of a running hub pick the work up). The audit log names the OS user.
 */
export async function replayCommand(
  exceptionId: string,
  options: ReplayOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  config: HubConfig = loadConfig(),
): Promise<number> {
  let payload: unknown;
  if (options.payload) {
    try {
      payload = JSON.parse(await readFile(options.payload, 'utf8'));
    } catch (error) {
      err.write(
        `cannot read ${options.payload} as JSON: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 2;
    }
  }
  const hub = await createHub(config);
  try {
    const result = await replayException(
      hub,
      exceptionId,
      {
        ...(payload === undefined ? {} : { payload }),
        ...(options.release ? { release: true } : {}),
        ...(options.note ? { note: options.note } : {}),
      },
      `cli:${userInfo().username}`,
    );
    out.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof HubError) {
      err.write(`${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await hub.close();
  }
}
