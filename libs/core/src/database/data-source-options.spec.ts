import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

describe('dataSourceOptions', () => {
  const url = 'postgres://pulse@localhost/pulse';

  it.each([
    [{ DATABASE_POOL_SIZE: 20, DATABASE_IDLE_SECONDS: 300, DATABASE_CONNECT_TIMEOUT_MS: 5000 }, { max: 20, idleTimeoutMillis: 300_000, connectionTimeoutMillis: 5000 }],
    [{ DATABASE_POOL_SIZE: 8, DATABASE_IDLE_SECONDS: 0, DATABASE_CONNECT_TIMEOUT_MS: 15_000 }, { max: 8, idleTimeoutMillis: 0, connectionTimeoutMillis: 15_000 }],
  ])('gives the pg pool the settings %j', (settings, pool) => {
    expect(dataSourceOptions(url, settings).extra).toEqual(pool);
  });

  it("gives callers without settings the settings' defaults", () => {
    const defaults = new AppConfig();
    expect(dataSourceOptions(url).extra).toEqual({ max: defaults.DATABASE_POOL_SIZE, idleTimeoutMillis: defaults.DATABASE_IDLE_SECONDS * 1000, connectionTimeoutMillis: defaults.DATABASE_CONNECT_TIMEOUT_MS });
  });
});
