import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@pp/core';
import type { Instrument } from '../instrument.entity';
import { QUESTION_TYPES, type QuestionType } from '../instrument-definition';
import type { Question } from '../question.entity';
import type { InstrumentTranslations } from '../instrument-translations';
import { DimensionDto, OptionDto, TRANSLATIONS_PROPERTY } from './instrument-content.dto';

export class QuestionViewDto {
  @ApiProperty({ example: 'trust_commitments' })
  key: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ enum: QUESTION_TYPES, enumName: 'QuestionType' })
  type: QuestionType;

  @ApiProperty({ type: String, nullable: true, example: 'trust' })
  dimension: string | null;

  @ApiProperty({ type: [OptionDto] })
  options: OptionDto[];

  @ApiProperty()
  reversed: boolean;

  @ApiProperty()
  allowDontKnow: boolean;

  @ApiProperty()
  required: boolean;

  static from(question: Question): QuestionViewDto {
    return {
      key: question.key,
      text: question.text,
      type: question.type,
      dimension: question.dimension,
      options: question.options,
      reversed: question.reversed,
      allowDontKnow: question.allowDontKnow,
      required: question.required,
    };
  }
}

export class InstrumentSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'relationship-health-pulse' })
  key: string;

  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ example: 'Relationship Health Pulse' })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ description: 'New rounds use it when none is named' })
  isDefault: boolean;

  @ApiProperty({ format: 'date-time', type: String, nullable: true, description: 'When a round first used it; from then on a change makes a new version' })
  lockedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(instrument: Instrument): InstrumentSummaryDto {
    return {
      id: instrument.id,
      key: instrument.key,
      version: instrument.version,
      name: instrument.name,
      description: instrument.description,
      isDefault: instrument.isDefault,
      lockedAt: instrument.lockedAt?.toISOString() ?? null,
      createdAt: instrument.createdAt.toISOString(),
    };
  }
}

export class InstrumentDto extends InstrumentSummaryDto {
  @ApiProperty({ type: [DimensionDto] })
  dimensions: DimensionDto[];

  @ApiProperty({ type: [QuestionViewDto] })
  questions: QuestionViewDto[];

  @ApiProperty({
    ...TRANSLATIONS_PROPERTY,
    description:
      'Every translation of the version, by BCP 47 language tag (`cy`: Welsh), so a client switches language without fetching again. ' +
      'Resolve each string on its own: `translations[lang]?.questions?.[key]?.text ?? text`, `…options?.[value] ?? label`, ' +
      '`translations[lang]?.name ?? name`; answers are always sent as option values. `{}` when there are none',
  })
  translations: InstrumentTranslations;

  /** `instrument.questions` must be loaded. */
  static override from(instrument: Instrument): InstrumentDto {
    return {
      ...InstrumentSummaryDto.from(instrument),
      dimensions: instrument.dimensions,
      questions: [...instrument.questions].sort((a, b) => a.position - b.position).map(QuestionViewDto.from),
      translations: instrument.translations,
    };
  }
}

export class InstrumentPageDto extends PageOf(InstrumentSummaryDto) {}
