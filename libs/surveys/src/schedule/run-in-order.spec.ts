import { runInOrder } from './run-in-order';

describe('runInOrder', () => {
  it('runs every step one after the other', async () => {
    const ran: string[] = [];
    const step = (name: string, ms: number) => [name, () => new Promise<void>((resolve) => setTimeout(() => (ran.push(name), resolve()), ms))] as const;
    expect(await runInOrder([step('open', 20), step('close', 0), step('remind', 5)])).toEqual([]);
    expect(ran).toEqual(['open', 'close', 'remind']);
  });

  it('goes on past a failed step and reports each failure with its step', async () => {
    const ran: string[] = [];
    const failures = await runInOrder([
      ['open', async () => void ran.push('open')],
      ['close', async () => Promise.reject(new Error('connection reset'))],
      ['remind', async () => void ran.push('remind')],
      ['receipts', async () => Promise.reject('not an Error')],
    ]);
    expect(ran).toEqual(['open', 'remind']);
    expect(failures).toEqual([
      { step: 'close', error: 'connection reset' },
      { step: 'receipts', error: 'not an Error' },
    ]);
  });
});
