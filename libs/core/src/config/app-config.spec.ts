import { ConfigError, validateConfig } from './app-config';

const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('validateConfig', () => {
  it('applies defaults to a minimal environment', () => {
    const config = validateConfig(valid);
    expect(config.PORT).toBe(3000);
    expect(config.WORKER_PORT).toBe(3001);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('needs no JWT secret outside production and accepts a long one in production', () => {
    expect(validateConfig(valid).JWT_SECRET).toBeUndefined();
    const secret = 'x'.repeat(32);
    expect(validateConfig({ ...valid, NODE_ENV: 'production', JWT_SECRET: secret, APP_URL: 'https://pulse.example.nhs.uk' }).JWT_SECRET).toBe(secret);
  });

  it('treats empty optional settings as unset', () => {
    expect(validateConfig({ ...valid, JWT_SECRET: '', BOOTSTRAP_ADMIN_EMAIL: '' }).BOOTSTRAP_ADMIN_EMAIL).toBeUndefined();
  });

  it('reads numbers from strings', () => {
    expect(validateConfig({ ...valid, PORT: '8080' }).PORT).toBe(8080);
  });

  it('ticks the scheduler every minute unless told otherwise; 0 turns it off', () => {
    expect(validateConfig(valid).SCHEDULE_TICK_MS).toBe(60_000);
    expect(validateConfig({ ...valid, SCHEDULE_TICK_MS: '1000' }).SCHEDULE_TICK_MS).toBe(1000);
    expect(validateConfig({ ...valid, SCHEDULE_TICK_MS: '0' }).SCHEDULE_TICK_MS).toBe(0);
  });

  it('refuses JSON bodies nested deeper than 32 levels unless told otherwise', () => {
    expect(validateConfig(valid).JSON_MAX_DEPTH).toBe(32);
    expect(validateConfig({ ...valid, JSON_MAX_DEPTH: '64' }).JSON_MAX_DEPTH).toBe(64);
  });

  it('keeps up to 20 connections a process, closing one after 5 unused minutes; 0 keeps them', () => {
    expect(validateConfig(valid)).toMatchObject({ DATABASE_POOL_SIZE: 20, DATABASE_IDLE_SECONDS: 300 });
    expect(validateConfig({ ...valid, DATABASE_POOL_SIZE: '8', DATABASE_IDLE_SECONDS: '0' })).toMatchObject({ DATABASE_POOL_SIZE: 8, DATABASE_IDLE_SECONDS: 0 });
  });

  it('waits up to 5 s for a database connection unless told otherwise', () => {
    expect(validateConfig(valid).DATABASE_CONNECT_TIMEOUT_MS).toBe(5000);
    expect(validateConfig({ ...valid, DATABASE_CONNECT_TIMEOUT_MS: '15000' }).DATABASE_CONNECT_TIMEOUT_MS).toBe(15000);
  });

  it('links to the web app at APP_URL: localhost on PORT outside production, required in production', () => {
    expect(validateConfig({ ...valid, PORT: '8080' }).APP_URL).toBe('http://localhost:8080');
    expect(validateConfig({ ...valid, APP_URL: 'https://pulse.example.nhs.uk/app/' }).APP_URL).toBe('https://pulse.example.nhs.uk/app');
    const production = { ...valid, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(validateConfig({ ...production, APP_URL: 'https://pulse.example.nhs.uk' }).APP_URL).toBe('https://pulse.example.nhs.uk');
    expect(() => validateConfig(production)).toThrow('APP_URL is missing');
  });

  it.each([
    [{ ...valid, APP_URL: 'pulse.example.nhs.uk' }, 'APP_URL must be an http:// or https:// URL'],
    [{ ...valid, APP_URL: 'ftp://pulse.example.nhs.uk' }, 'APP_URL must be an http:// or https:// URL'],
    [{ ...valid, APP_URL: 'https://pulse.example.nhs.uk/#x' }, 'APP_URL must be an http:// or https:// URL'],
    [{ REDIS_URL: valid.REDIS_URL }, 'DATABASE_URL is missing'],
    [{ ...valid, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// connection URL'],
    [{ ...valid, PORT: 'eighty' }, 'PORT must be an integer number'],
    [{ ...valid, PORT: '70000' }, 'PORT must not be greater than 65535'],
    [{ ...valid, LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of the following values'],
    [{ ...valid, BODY_LIMIT: 'big' }, 'BODY_LIMIT must be a size such as 1mb or 512kb'],
    [{ ...valid, JSON_MAX_DEPTH: '1' }, 'JSON_MAX_DEPTH must not be less than 2'],
    [{ ...valid, JSON_MAX_DEPTH: 'deep' }, 'JSON_MAX_DEPTH must be an integer number'],
    [{ ...valid, NODE_ENV: 'production' }, 'JWT_SECRET is missing'],
    [{ ...valid, JWT_SECRET: 'short' }, 'JWT_SECRET must be longer than or equal to 32 characters'],
    [{ ...valid, BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org' }, 'BOOTSTRAP_ADMIN_PASSWORD is missing'],
    [{ ...valid, BOOTSTRAP_ADMIN_EMAIL: 'admin' }, 'BOOTSTRAP_ADMIN_EMAIL must be an email'],
    [{ ...valid, SCHEDULE_TICK_MS: '500' }, 'SCHEDULE_TICK_MS must be 0 (off) or 1000 to 3600000'],
    [{ ...valid, SCHEDULE_TICK_MS: '7200000' }, 'SCHEDULE_TICK_MS must be 0 (off) or 1000 to 3600000'],
    [{ ...valid, SCHEDULE_TICK_MS: 'hourly' }, 'SCHEDULE_TICK_MS must be an integer number'],
    [{ ...valid, DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE must not be less than 1'],
    [{ ...valid, DATABASE_IDLE_SECONDS: '-1' }, 'DATABASE_IDLE_SECONDS must not be less than 0'],
    [{ ...valid, DATABASE_CONNECT_TIMEOUT_MS: '0' }, 'DATABASE_CONNECT_TIMEOUT_MS must not be less than 100'],
    [{ ...valid, DATABASE_CONNECT_TIMEOUT_MS: 'soon' }, 'DATABASE_CONNECT_TIMEOUT_MS must be an integer number'],
  ])('rejects %j naming the setting', (env, message) => {
    expect(() => validateConfig(env)).toThrow(ConfigError);
    expect(() => validateConfig(env)).toThrow(message);
  });
});
