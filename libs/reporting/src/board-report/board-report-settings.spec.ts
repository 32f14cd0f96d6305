import { validateConfig } from '@pp/core';

const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' };

/** BOARD_REPORT_DETAIL_MEMBERS in @pp/core's AppConfig: how many members a board report draws tie by tie. */
describe('board report settings', () => {
  it.each<[string | undefined, number]>([
    [undefined, 80],
    ['2', 2],
    ['60', 60],
    ['200', 200],
  ])('reads BOARD_REPORT_DETAIL_MEMBERS=%j as %i', (value, expected) => {
    expect(validateConfig({ ...valid, ...(value === undefined ? {} : { BOARD_REPORT_DETAIL_MEMBERS: value }) }).BOARD_REPORT_DETAIL_MEMBERS).toBe(expected);
  });

  it.each(['1', '201', '40.5', 'many'])('refuses BOARD_REPORT_DETAIL_MEMBERS=%j, naming it', (value) => {
    expect(() => validateConfig({ ...valid, BOARD_REPORT_DETAIL_MEMBERS: value })).toThrow(/Invalid configuration: BOARD_REPORT_DETAIL_MEMBERS /);
  });
});
