import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ActionPlan } from './action-plan.entity';
import type { ActionStatus } from './action-status';

/** A dated note on an action, with the status change it made if any. Appended, never edited. */
@Entity('action_update')
@Index('action_update_action_idx', ['actionId', 'at'])
@Check('action_update_status_check', '(status_from IS NULL) = (status_to IS NULL)')
export class ActionUpdate {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'action_update_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  actionId: string;

  @ManyToOne(() => ActionPlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'action_update_action_fk' })
  action: Relation<ActionPlan>;

  @Column({ type: 'varchar', length: 2000 })
  note: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  statusFrom: ActionStatus | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  statusTo: ActionStatus | null;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
