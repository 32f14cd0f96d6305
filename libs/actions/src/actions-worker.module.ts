import { Module } from '@nestjs/common';
import { OverdueReminders } from './overdue-reminders';

/** The worker side of action plans: finding overdue actions for the scheduler's tick to remind. */
@Module({
  providers: [OverdueReminders],
  exports: [OverdueReminders],
})
export class ActionsWorkerModule {}
