/**
 * Preloaded (`node -r`) into worker processes that a suite wants to live at another time: every
 * clock reading (`new Date()`, `Date.now()`) is moved by TEST_CLOCK_OFFSET_MS. The scheduler's
 * suite uses it so that a quarterly schedule is always inside its window, whatever today's date;
 * timers and durations (setTimeout, performance.now) are untouched.
 */
const offset = Number(process.env.TEST_CLOCK_OFFSET_MS || 0);
if (!Number.isFinite(offset)) throw new Error(`TEST_CLOCK_OFFSET_MS is not a number: ${process.env.TEST_CLOCK_OFFSET_MS}`);
if (offset !== 0) {
  const RealDate = Date;
  function OffsetDate(...args) {
    const date = args.length === 0 ? new RealDate(RealDate.now() + offset) : new RealDate(...args);
    return new.target ? date : date.toString();
  }
  Object.setPrototypeOf(OffsetDate, RealDate);
  OffsetDate.prototype = RealDate.prototype;
  OffsetDate.now = () => RealDate.now() + offset;
  globalThis.Date = OffsetDate;
}
