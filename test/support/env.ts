/** The e2e environment: the services started by scripts/services.sh, a database of the suite's own. */
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
// Each jest worker gets queues of its own in the shared Redis.
process.env.QUEUE_PREFIX = `pulse-test-${process.pid}`;
if (process.env.TEST_DATABASE_URL) {
  process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
}
process.env.JWT_SECRET = process.env.JWT_SECRET ?? 'test-only-jwt-secret-0123456789abcdef';
// Suites give each client an X-Forwarded-For of its own, so per-IP sign-in limits apply per test.
process.env.TRUST_PROXY = 'loopback';
// A worker built in a test process runs no scheduler ticks: they would open and close other suites'
// rounds in the shared database. The scheduler's suite starts worker processes on a database of its own.
process.env.SCHEDULE_TICK_MS = '0';
