import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BANDS } from '../bands';
import { SCOPES } from '../scores/score-scopes';
import { TRENDS } from '../trend';

const SUPPRESSION = { example: 'fewer than 5 respondents', nullable: true, type: String, description: 'Why the values are withheld (the anonymity gate); null when shown' };

export class Ci95Dto {
  @ApiProperty()
  lower: number;

  @ApiProperty()
  upper: number;
}

export class ComparisonDto {
  @ApiProperty({ description: 'True when the comparison would reveal a round below the anonymity threshold' })
  suppressed: boolean;

  @ApiProperty(SUPPRESSION)
  reason: string | null;

  @ApiProperty({ format: 'uuid' })
  previousRoundId: string | null;

  @ApiProperty({ nullable: true, type: Number })
  previousMean: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'This round minus the previous scored round' })
  delta: number | null;

  @ApiProperty({ nullable: true, type: Number, description: "Welch's two-sided p" })
  pValue: number | null;

  @ApiProperty({ nullable: true, type: Boolean, description: 'p < 0.05 and |delta| ≥ 5 points' })
  significant: boolean | null;

  @ApiProperty({ nullable: true, enum: TRENDS, enumName: 'Trend' })
  trend: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Round-on-round declines ending at this round' })
  consecutiveDeclines: number | null;
}

export class GatedValueDto {
  @ApiProperty()
  suppressed: boolean;

  @ApiProperty(SUPPRESSION)
  reason: string | null;

  @ApiProperty({ nullable: true, type: Number })
  value: number | null;
}

/** One aggregate through the anonymity gate: values are null when `suppressed`, with the reason. */
export class ScoreDto {
  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ example: '2026-Q3' })
  period: string;

  @ApiProperty({ description: 'Computed while the round is open; replaced by the final score at close' })
  provisional: boolean;

  @ApiProperty({ enum: SCOPES, enumName: 'ScoreScope' })
  scope: string;

  @ApiProperty({ example: 'footprint', description: '`footprint`, an organisation id, a sector, or `from>to` for dyads and sector pairs' })
  subject: string;

  @ApiProperty({ example: 'rhi' })
  measure: string;

  @ApiProperty({ nullable: true, format: 'uuid', type: String })
  organisationId: string | null;

  @ApiProperty({ nullable: true, format: 'uuid', type: String, description: 'The rated member of a dyad' })
  partnerOrganisationId: string | null;

  @ApiProperty({ nullable: true, type: String })
  sector: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'The rated sector of a sector pair' })
  partnerSector: string | null;

  @ApiProperty()
  suppressed: boolean;

  @ApiProperty(SUPPRESSION)
  reason: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Distinct respondents behind the value' })
  respondents: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Sample size of mean, sd and CI (respondents, ratings, or dyads for network measures)' })
  n: number | null;

  @ApiProperty({ nullable: true, type: Number, description: '0–100; network shares are fractions 0–1' })
  mean: number | null;

  @ApiProperty({ nullable: true, type: Number })
  sd: number | null;

  @ApiPropertyOptional({ nullable: true, type: Ci95Dto })
  ci95: Ci95Dto | null;

  @ApiProperty({ nullable: true, enum: BANDS, enumName: 'Band' })
  band: string | null;

  @ApiPropertyOptional({ nullable: true, type: ComparisonDto, description: 'Null when the previous scored round has no such score' })
  comparison: ComparisonDto | null;

  @ApiPropertyOptional({ nullable: true, type: GatedValueDto, description: 'Points per round over the last four scored rounds' })
  slope: GatedValueDto | null;

  @ApiPropertyOptional({ nullable: true, type: GatedValueDto, description: 'Sector pairs and dyads: this direction minus the reverse' })
  perceptionGap: GatedValueDto | null;
}

export class ProvisionalCoverageDto {
  @ApiProperty({ example: 10, description: 'The respondents the provisional figures cover: the first ones of the round in order of their first submission, a multiple of k' })
  respondentsCovered: number;

  @ApiProperty({ example: 17, description: 'Respondents in the round so far; always at least k more than are covered' })
  respondentsSoFar: number;

  @ApiProperty({ example: 20, description: 'Respondents so far at which the figures are next republished, covering k more (within about a minute)' })
  nextPublicationAt: number;
}

export class ScoredRoundDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2026-Q3' })
  period: string;

  @ApiProperty({
    description:
      'Scored while the round is open. Provisional figures are footprint-wide only and lag the count: they cover the first c respondents in order of first submission, c the largest multiple of k (the anonymity threshold) at most the respondents so far minus k, and are republished only when c grows. So any two publications of a round, the final one included, differ by at least k respondents and none isolates a smaller group',
  })
  provisional: boolean;

  @ApiProperty({ description: 'Responses these figures cover: all of the round once final, the first `coverage.respondentsCovered` while provisional' })
  respondents: number;

  @ApiProperty({ format: 'date-time', description: 'When these figures were published' })
  computedAt: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Provisional figures: responses in the round that they do not cover (at least k: they lag the count). Null once final',
  })
  respondentsSincePublication: number | null;

  @ApiProperty({ nullable: true, type: ProvisionalCoverageDto, description: 'Provisional figures: which respondents they cover and when they are next republished. Null once final' })
  coverage: ProvisionalCoverageDto | null;
}

export class ScoresPageDto {
  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ example: 5, description: 'k: aggregates of fewer respondents are suppressed' })
  anonymityThreshold: number;

  @ApiProperty({ nullable: true, type: ScoredRoundDto, description: 'Null while the footprint has no scored round' })
  round: ScoredRoundDto | null;

  @ApiProperty({ type: [ScoreDto] })
  items: ScoreDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

export class ScoreHistoryDto {
  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ example: 5 })
  anonymityThreshold: number;

  @ApiProperty({ type: [ScoredRoundDto], description: 'The scored rounds read, oldest first' })
  rounds: ScoredRoundDto[];

  @ApiProperty({ type: [ScoreDto], description: 'Ordered by scope, subject, measure, then period' })
  items: ScoreDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class OptionShareDto {
  @ApiProperty({ example: 'agree' })
  value: string;

  @ApiProperty({ example: 'Agree' })
  label: string;

  @ApiProperty()
  count: number;

  @ApiProperty({ description: 'Of every answer, "don\'t know" included' })
  share: number;
}

export class CountShareDto {
  @ApiProperty()
  count: number;

  @ApiProperty()
  share: number;
}

export class DistributionDto {
  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ example: 'trust_commitments' })
  questionKey: string;

  @ApiProperty({ example: 'sector', description: 'all, sector, organisation_type or respondent_role' })
  breakdown: string;

  @ApiProperty({ example: 'nhs', description: '`all`, or the sector, organisation type or role of the group' })
  groupKey: string;

  @ApiProperty()
  suppressed: boolean;

  @ApiProperty(SUPPRESSION)
  reason: string | null;

  @ApiProperty({ nullable: true, type: Number })
  respondents: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Answers; partner ratings count one per rated partner' })
  answered: number | null;

  @ApiProperty({ nullable: true, type: [OptionShareDto] })
  options: OptionShareDto[] | null;

  @ApiProperty({ nullable: true, type: CountShareDto })
  dontKnow: CountShareDto | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Of the answers with an opinion; null for unordered questions' })
  favourableShare: number | null;

  @ApiProperty({ nullable: true, type: Number })
  neutralShare: number | null;

  @ApiProperty({ nullable: true, type: Number })
  unfavourableShare: number | null;
}

export class DistributionsPageDto {
  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ example: 5 })
  anonymityThreshold: number;

  @ApiProperty({ type: [DistributionDto] })
  items: DistributionDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
