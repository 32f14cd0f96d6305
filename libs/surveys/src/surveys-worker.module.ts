import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionsWorkerModule } from '@pp/actions';
import { AlertsWorkerModule } from '@pp/alerts';
import { CoreModule, OutboxRelayModule } from '@pp/core';
import { AuditModule } from '@pp/identity';
import { Footprint, Membership, Organisation } from '@pp/registry';
import { Instrument } from './instruments/instrument.entity';
import { InstrumentsService } from './instruments/instruments.service';
import { Question } from './instruments/question.entity';
import { Invitation } from './invitations/invitation.entity';
import { InvitationsService } from './invitations/invitations.service';
import { ExpiredReceipts } from './responses/expired-receipts';
import { SubmissionReceipt } from './responses/submission-receipt.entity';
import { Round } from './rounds/round.entity';
import { RoundContexts } from './rounds/round-contexts';
import { RoundMembers } from './rounds/round-members';
import { RoundSchedule } from './rounds/round-schedule.entity';
import { RoundSchedulesService } from './rounds/round-schedules.service';
import { RoundsService } from './rounds/rounds.service';
import { ScheduleProcessor } from './schedule/schedule.processor';
import { ScheduleTick } from './schedule/schedule-tick';

/**
 * The worker side of surveys: the 'schedule' queue, whose ticks open and close rounds, send
 * reminders and drop expired receipts, through the same services (and audit log) as the API.
 */
@Module({
  imports: [
    // CoreModule for the worker's metrics registry; OutboxRelayModule for the queue connection settings and the scheduler's queue.
    CoreModule,
    OutboxRelayModule,
    AuditModule,
    // The tick reminds the owners of overdue action plans.
    ActionsWorkerModule,
    // The tick marks alert notifications left 'sending' with no attempt to come 'unknown'.
    AlertsWorkerModule,
    // The registry's entities too: rounds and invitations are joined to footprints, organisations and memberships.
    TypeOrmModule.forFeature([Instrument, Question, Round, RoundSchedule, Invitation, SubmissionReceipt, Footprint, Organisation, Membership]),
  ],
  providers: [InstrumentsService, RoundMembers, RoundContexts, InvitationsService, RoundsService, RoundSchedulesService, ExpiredReceipts, ScheduleTick, ScheduleProcessor],
})
export class SurveysWorkerModule {}
