import type { EntityManager, Repository } from 'typeorm';
import { runAsSystem } from '../access/request-context';
import type { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';

/** A manager that keeps what would have been inserted. */
function recording() {
  const rows: Partial<AuditEntry>[] = [];
  const manager = { insert: async (_entity: unknown, row: Partial<AuditEntry>) => void rows.push(row) } as unknown as EntityManager;
  return { rows, manager };
}

describe('AuditService actors outside a request', () => {
  const audit = new AuditService({} as Repository<AuditEntry>);
  const record = { action: 'round.close', entityType: 'round', entityId: 'r1', footprintId: 'f1' };

  it('names the part of the system that acted, and its job as the trace', async () => {
    const { rows, manager } = recording();
    await runAsSystem('scheduler', 'repeat:schedule-tick:42', () => audit.record(manager, record));
    expect(rows).toEqual([
      expect.objectContaining({ actorType: 'system', actorId: null, actorLabel: 'scheduler', actorRole: null, action: 'round.close', requestId: 'repeat:schedule-tick:42' }),
    ]);
  });

  it('records an unnamed system actor when nothing says who acted', async () => {
    const { rows, manager } = recording();
    await audit.record(manager, record);
    expect(rows).toEqual([expect.objectContaining({ actorType: 'system', actorLabel: null, requestId: null })]);
  });

  it('lets an explicit actor win over the context', async () => {
    const { rows, manager } = recording();
    await runAsSystem('scheduler', undefined, () => audit.record(manager, { ...record, actor: { type: 'anonymous' } }));
    expect(rows).toEqual([expect.objectContaining({ actorType: 'anonymous', actorLabel: null })]);
  });
});
