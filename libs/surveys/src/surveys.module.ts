import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { ResourceScopes } from '@pp/identity';
import { DataSource } from 'typeorm';
import { Instrument } from './instruments/instrument.entity';
import { InstrumentsController } from './instruments/instruments.controller';
import { InstrumentsService } from './instruments/instruments.service';
import { Question } from './instruments/question.entity';
import { Invitation } from './invitations/invitation.entity';
import { InvitationsController } from './invitations/invitations.controller';
import { InvitationsService } from './invitations/invitations.service';
import { LinkEmailsService } from './invitations/link-emails.service';
import { RespondentLink } from './invitations/respondent-link.entity';
import { RespondentLinksService } from './invitations/respondent-links.service';
import { PartnerRating } from './responses/partner-rating.entity';
import { PulseLinkController } from './responses/pulse-link.controller';
import { PulseTokenGuard } from './responses/pulse-token.guard';
import { ResponseImportsService } from './responses/response-imports.service';
import { ResponseRecord } from './responses/response-record.entity';
import { ResponseWriter } from './responses/response-writer';
import { ResponsesController } from './responses/responses.controller';
import { ResponsesService } from './responses/responses.service';
import { SubmissionReceipt } from './responses/submission-receipt.entity';
import { SubmissionReceipts } from './responses/submission-receipts';
import { Round } from './rounds/round.entity';
import { RoundContexts } from './rounds/round-contexts';
import { RoundMembers } from './rounds/round-members';
import { RoundSchedule } from './rounds/round-schedule.entity';
import { RoundSchedulesService } from './rounds/round-schedules.service';
import { RoundsController } from './rounds/rounds.controller';
import { RoundsService } from './rounds/rounds.service';

/** Instruments, rounds, invitations and responses: the quarterly pulse from question to stored answer. */
@Module({
  imports: [TypeOrmModule.forFeature([Instrument, Question, Round, RoundSchedule, Invitation, RespondentLink, ResponseRecord, PartnerRating, SubmissionReceipt])],
  controllers: [InstrumentsController, RoundsController, InvitationsController, ResponsesController, PulseLinkController],
  providers: [
    InstrumentsService,
    RoundMembers,
    RoundContexts,
    RoundsService,
    RoundSchedulesService,
    InvitationsService,
    RespondentLinksService,
    LinkEmailsService,
    ResponseWriter,
    SubmissionReceipts,
    ResponsesService,
    ResponseImportsService,
    PulseTokenGuard,
  ],
  exports: [InstrumentsService, RoundsService, RoundSchedulesService, InvitationsService, RoundContexts],
})
export class SurveysModule implements OnModuleInit {
  constructor(
    private readonly scopes: ResourceScopes,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
  ) {}

  onModuleInit(): void {
    // A round is reached through its footprint: leads and analysts of that footprint, never others.
    this.scopes.register('round', async (id) => {
      const round = await this.dataSource.manager.findOne(Round, { where: { id }, select: { id: true, footprintId: true } });
      return round ? [{ footprintId: round.footprintId }] : null;
    });
    // An invitation sits in its footprint and its organisation: submitters reach their own, leads their footprint's.
    this.scopes.register('invitation', async (id) => {
      const invitation = await this.invitations.locate(id);
      return invitation ? [{ footprintId: invitation.footprintId, organisationId: invitation.organisationId }] : null;
    });
  }
}
