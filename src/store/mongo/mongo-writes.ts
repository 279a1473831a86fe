import { MongoBulkWriteError, MongoServerError } from 'mongodb';

/** Server error code of a unique index violation. */
export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/**
 * Runs an unordered `insertMany` of `count` documents and answers, per document, whether it was stored (false when
 * a unique index already held its key, also for a repeat within the batch). Any other failure is thrown.
 */
export async function insertIgnoringDuplicates(
  count: number,
  insert: () => Promise<unknown>,
): Promise<boolean[]> {
  const stored = Array.from({ length: count }, () => true);
  if (count === 0) return stored;
  try {
    await insert();
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) {
      if (count === 1 && isDuplicateKey(error)) return [false];
      throw error;
    }
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    const concern = error.err ?? error.result.getWriteConcernError();
    if (
      concern !== undefined ||
      writeErrors.length === 0 ||
      writeErrors.some((w) => w.code !== DUPLICATE_KEY)
    ) {
      throw error;
    }
    for (const w of writeErrors) stored[w.index] = false;
  }
  return stored;
}

/** Retries an operation that raced another one on a unique key (e.g. two upserts of one checkpoint). */
export async function retryOnDuplicate<R>(operation: () => Promise<R>, tries = 3): Promise<R> {
  for (let i = 1; ; i++) {
    try {
      return await operation();
    } catch (error) {
      if (i >= tries || !isDuplicateKey(error)) throw error;
    }
  }
}
