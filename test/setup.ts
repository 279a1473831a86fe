import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// n8n-style harness: no real network; loopback stays open for the hub's own servers, Redis and sinks.
// Any planned call a test did not consume fails that test.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  if (pending.length > 0) throw new Error(`planned HTTP calls not made: ${pending.join(', ')}`);
});
