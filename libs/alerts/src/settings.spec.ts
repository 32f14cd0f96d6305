import { ConfigError, validateConfig } from '@pp/core';

const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' };

/** The alert settings in @pp/core's AppConfig: mail is optional, private webhook targets are for local use only. */
describe('alert settings', () => {
  it('sends no mail and refuses private webhook targets by default', () => {
    const config = validateConfig(valid);
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(config.MAIL_FROM).toBe('Partnership Pulse <pulse@localhost>');
    expect(config.NOTIFICATION_ATTEMPTS).toBe(12);
  });

  it('reads NOTIFICATION_ATTEMPTS', () => {
    expect(validateConfig({ ...valid, NOTIFICATION_ATTEMPTS: '3' }).NOTIFICATION_ATTEMPTS).toBe(3);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['', false],
  ])('reads WEBHOOK_ALLOW_PRIVATE_TARGETS=%j outside production as %s', (value, expected) => {
    expect(validateConfig({ ...valid, WEBHOOK_ALLOW_PRIVATE_TARGETS: value }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(expected);
  });

  it.each([
    [{ ...valid, SMTP_URL: 'http://mail.example' }, 'SMTP_URL must be an smtp:// or smtps:// URL'],
    [{ ...valid, NOTIFICATION_ATTEMPTS: '0' }, 'NOTIFICATION_ATTEMPTS'],
    [{ ...valid, NOTIFICATION_ATTEMPTS: '21' }, 'NOTIFICATION_ATTEMPTS'],
    [{ ...valid, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' }, 'WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false, and false in production'],
    [{ ...valid, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }, 'WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false, and false in production'],
  ])('rejects %j naming the setting', (env, message) => {
    expect(() => validateConfig(env)).toThrow(ConfigError);
    expect(() => validateConfig(env)).toThrow(message);
  });

  it('accepts an smtps:// relay with credentials', () => {
    expect(validateConfig({ ...valid, SMTP_URL: 'smtps://pulse:secret@mail.example:465' }).SMTP_URL).toBe('smtps://pulse:secret@mail.example:465');
  });
});
