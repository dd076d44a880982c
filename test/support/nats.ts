/**
 * NATS for tests: the URL from TEST_NATS_URL (unset → the tests skip, visibly) and a subject prefix
 * unique to this run, so that runs sharing one server never see each other's messages.
 */

import { randomBytes } from 'node:crypto';

/** TEST_NATS_URL, or undefined after warning why NATS tests will be skipped. */
export function natsTestUrl(suite: string): string | undefined {
  const url = process.env['TEST_NATS_URL'];
  if (url === undefined || url === '') {
    console.warn(
      `[skip] ${suite}: TEST_NATS_URL is not set, so the NATS tests are skipped (e.g. nats://127.0.0.1:4222).`,
    );
    return undefined;
  }
  return url;
}

/** A fresh subject prefix such as `ql_test_1a2b3c4d.`. */
export function uniqueSubjectPrefix(): string {
  return `ql_test_${randomBytes(4).toString('hex')}.`;
}
