import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ResourceScopes } from '@pp/identity';
import { ScoringModule } from '@pp/scoring';
import { ActionOutcomes } from './action-outcomes.service';
import { ActionPlan } from './action-plan.entity';
import { ActionUpdate } from './action-update.entity';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';

/** The API side of action plans: recording and following actions, and what each did to its figure. */
@Module({
  // ScoringModule for the one anonymity gate.
  imports: [TypeOrmModule.forFeature([ActionPlan, ActionUpdate]), ScoringModule],
  controllers: [ActionsController],
  providers: [ActionsService, ActionOutcomes],
  exports: [ActionsService],
})
export class ActionsModule implements OnModuleInit {
  constructor(
    private readonly scopes: ResourceScopes,
    private readonly actions: ActionsService,
  ) {}

  /** An action is reached through its footprint. */
  onModuleInit(): void {
    this.scopes.register('action', async (id) => {
      const footprintId = await this.actions.footprintOf(id);
      return footprintId ? [{ footprintId }] : null;
    });
  }
}
