import { parsePeriod, periodOf, scheduledWindow } from './period';

describe('parsePeriod', () => {
  it.each([
    ['2026-Q1', '2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ['2026-Q3', '2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
    ['2026-Q4', '2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2000-Q2', '2000-04-01T00:00:00.000Z', '2000-07-01T00:00:00.000Z'],
  ])('reads %s as the quarter from %s to %s', (label, start, end) => {
    const period = parsePeriod(label);
    expect(period?.label).toBe(label);
    expect(period?.start.toISOString()).toBe(start);
    expect(period?.end.toISOString()).toBe(end);
  });

  it.each(['2026-Q0', '2026-Q5', '2026-q3', '26-Q3', '2026Q3', '2026-Q3 ', ' 2026-Q3', '1999-Q4', '2101-Q1', '2026-03', ''])(
    'refuses %p',
    (label) => {
      expect(parsePeriod(label)).toBeUndefined();
    },
  );
});

describe('periodOf', () => {
  it.each([
    ['2026-01-01T00:00:00Z', '2026-Q1'],
    ['2026-03-31T23:59:59Z', '2026-Q1'],
    ['2026-04-01T00:00:00Z', '2026-Q2'],
    ['2026-09-15T12:00:00Z', '2026-Q3'],
    ['2026-12-31T23:59:59Z', '2026-Q4'],
  ])('places %s in %s', (at, label) => {
    expect(periodOf(new Date(at)).label).toBe(label);
  });
});

describe('scheduledWindow', () => {
  it.each([
    [{ openDay: 1, durationDays: 21 }, '2026-08-15T10:00:00Z', '2026-Q3', '2026-07-01T00:00:00.000Z', '2026-07-22T00:00:00.000Z'],
    [{ openDay: 10, durationDays: 14 }, '2026-01-02T00:00:00Z', '2026-Q1', '2026-01-10T00:00:00.000Z', '2026-01-24T00:00:00.000Z'],
    [{ openDay: 28, durationDays: 60 }, '2026-12-31T23:59:59Z', '2026-Q4', '2026-10-28T00:00:00.000Z', '2026-12-27T00:00:00.000Z'],
  ])('schedules %p in the quarter of %s', (schedule, now, period, opensAt, closesAt) => {
    const window = scheduledWindow(schedule, new Date(now));
    expect({ period: window.period, opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() }).toEqual({ period, opensAt, closesAt });
  });
});
