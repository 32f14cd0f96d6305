import { QueryFailedError } from 'typeorm';
import { dependencyOf, isConnectionError, Outages } from './outages';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isConnectionError', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), true],
    ['a reset connection', withCode('ECONNRESET'), true],
    ['both addresses of localhost refusing', Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), { code: 'ECONNREFUSED' }), true],
    ['PostgreSQL shutting down (57P01) inside a QueryFailedError', new QueryFailedError('SELECT 1', [], withCode('57P01', 'terminating connection due to administrator command')), true],
    ['PostgreSQL starting up (57P03)', withCode('57P03', 'the database system is starting up'), true],
    ['a connection failure (class 08)', withCode('08006'), true],
    ['node-postgres losing its connection', new Error('Connection terminated unexpectedly'), true],
    ['node-postgres giving up connecting', new Error('timeout exceeded when trying to connect'), true],
    ['ioredis without a connection', new Error("Stream isn't writeable and enableOfflineQueue options is false"), true],
    ['a cause that is one', new Error('wrapped', { cause: withCode('ECONNREFUSED') }), true],
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505', 'duplicate key')), false],
    ['a syntax error', withCode('42601'), false],
    ['a plain error', new Error('boom'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s: %s', (_, error, expected) => {
    expect(isConnectionError(error)).toBe(expected);
  });

  it('names Redis for the errors ioredis raises, PostgreSQL otherwise', () => {
    expect(dependencyOf(new Error('Connection is closed.'))).toBe('redis');
    expect(dependencyOf(withCode('ECONNREFUSED'))).toBe('postgres');
  });
});

describe('Outages', () => {
  it('logs an outage once when it starts and once when it ends, however often it is met', () => {
    const lines: string[] = [];
    const outages = new Outages({ warn: (line: string) => void lines.push(`warn ${line}`), log: (line: string) => void lines.push(`log ${line}`) }, 0);
    outages.up('postgres');
    for (let i = 0; i < 50; i++) outages.down('postgres', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'));
    expect(outages.isDown('postgres')).toBe(true);
    expect(outages.isDown('redis')).toBe(false);
    for (let i = 0; i < 5; i++) outages.up('postgres');
    expect(lines).toEqual([
      'warn postgres is unreachable (connect ECONNREFUSED 127.0.0.1:5432); what needs it waits or answers 503 until it is back',
      expect.stringMatching(/^log postgres is reachable again after \d+\.\d s$/),
    ]);
    outages.down('postgres', new Error('Connection terminated unexpectedly'));
    expect(lines).toHaveLength(3);
  });

  it('takes the last failures of connections still coming back, just after the outage ended, as part of it', () => {
    const lines: string[] = [];
    const outages = new Outages({ warn: (line: string) => void lines.push(line), log: (line: string) => void lines.push(line) }, 60_000);
    outages.down('redis', withCode('ECONNREFUSED'));
    outages.up('redis');
    outages.down('redis', new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    expect(outages.isDown('redis')).toBe(false);
    expect(lines).toHaveLength(2);
  });
});
