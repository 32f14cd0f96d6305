import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { appLink, ConflictError, InvalidInputError, preparedQuery, type Settings, SettingsService, UnauthenticatedError } from '@pp/core';
import { AuditService } from '@pp/identity';
import { DataSource } from 'typeorm';
import { RoundContexts } from '../rounds/round-contexts';
import { RespondentLink } from './respondent-link.entity';

export const MAX_LINKS_PER_REQUEST = 500;

export interface IssuedLink {
  id: string;
  token: string;
  /** The web app's page that answers the link: APP_URL/pulse#token. */
  url: string;
  organisationId: string;
  expiresAt: Date;
}

/** What a respondent link authorises: one organisation's answer to one round, until it expires or is used. */
export type FoundLink = Pick<RespondentLink, 'id' | 'footprintId' | 'roundId' | 'organisationId' | 'expiresAt' | 'usedAt'>;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Single-use links for respondents without an account. The token is shown once; only its hash is kept. */
@Injectable()
export class RespondentLinksService {
  private readonly appUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contexts: RoundContexts,
    private readonly audit: AuditService,
    @Inject(SettingsService) settings: Settings,
  ) {
    this.appUrl = settings.get('APP_URL', { infer: true });
  }

  async issue(roundId: string, input: { organisationId: string; count: number; expiresAt?: Date }, createdBy: string | null, now: Date): Promise<IssuedLink[]> {
    const context = await this.contexts.get(roundId);
    const { round } = context;
    if (round.status !== 'draft' && round.status !== 'open') {
      throw new ConflictError(`The round is ${round.status}; links are issued only before it closes`);
    }
    if (!context.members.has(input.organisationId)) {
      throw new InvalidInputError(`Organisation ${input.organisationId} is not a member of the footprint at the round’s dates`, [
        { field: 'organisationId', problem: 'is not a member at the round’s dates' },
      ]);
    }
    const expiresAt = input.expiresAt ?? round.closesAt;
    if (expiresAt <= now || expiresAt > round.closesAt) {
      throw new InvalidInputError('expiresAt must be in the future and no later than the round’s close', [
        { field: 'expiresAt', problem: `must be after now and no later than ${round.closesAt.toISOString()}` },
      ]);
    }
    const issued = Array.from({ length: input.count }, () => {
      const token = randomBytes(32).toString('base64url');
      // In the fragment, which browsers never send: the token stays out of server logs and Referer headers.
      return { id: randomUUID(), token, url: appLink(this.appUrl, 'pulse', token), organisationId: input.organisationId, expiresAt };
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(
        RespondentLink,
        issued.map((link) => ({
          id: link.id,
          footprintId: round.footprintId,
          roundId,
          organisationId: link.organisationId,
          tokenHash: hashToken(link.token),
          expiresAt,
          createdBy,
        })),
      );
      const after = { organisationId: input.organisationId, count: input.count, expiresAt };
      await this.audit.record(manager, { action: 'respondent_link.issue', entityType: 'round', entityId: roundId, footprintId: round.footprintId, after });
    });
    return issued;
  }

  /** The link a token stands for, used or not. */
  async find(token: string | undefined): Promise<FoundLink> {
    if (!token) throw new UnauthenticatedError('This route needs the respondent link token in the X-Pulse-Token header', [], 'pulse_link_missing');
    // On every link submission, so prepared rather than built by the ORM.
    const [row] = await preparedQuery<FoundLink>(
      this.dataSource,
      'surveys.find-link',
      `SELECT id, footprint_id AS "footprintId", round_id AS "roundId", organisation_id AS "organisationId", expires_at AS "expiresAt", used_at AS "usedAt"
       FROM respondent_link WHERE token_hash = $1`,
      [hashToken(token)],
    );
    if (!row) throw new UnauthenticatedError('This respondent link is not valid', [], 'pulse_link_unknown');
    return row;
  }

  /** Each refusal carries a `code` the respondent's page switches on to say which it is. */
  assertUsable(link: FoundLink, now: Date): void {
    if (link.usedAt) throw new ConflictError('This respondent link has already been used; each link answers once', [], 'pulse_link_used');
    if (link.expiresAt <= now) throw new UnauthenticatedError(`This respondent link expired at ${link.expiresAt.toISOString()}`, [], 'pulse_link_expired');
  }
}
