import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { InstrumentTranslations } from '../instrument-translations';
import { MAX_OPTIONS, MAX_QUESTIONS, QUESTION_TYPES, type QuestionType } from '../instrument-definition';

export class OptionDto {
  @ApiProperty({ example: 'agree', description: 'What an answer sends; lower-case letters, digits and _' })
  @IsString()
  @Length(1, 63)
  value: string;

  @ApiProperty({ example: 'Agree' })
  @IsString()
  @Length(1, 200)
  label: string;
}

export class DimensionDto {
  @ApiProperty({ example: 'trust' })
  @IsString()
  @Length(1, 63)
  key: string;

  @ApiProperty({ example: 'Trust' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: 1, default: 1, description: 'Weight in the Relationship Health Index; 0 leaves the dimension out of it' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  weight?: number;
}

export class QuestionDto {
  @ApiProperty({ example: 'trust_commitments', description: 'Unique in the instrument; lower-case letters, digits and _' })
  @IsString()
  @Length(1, 63)
  key: string;

  @ApiProperty({ example: 'Partners deliver on what they commit to.' })
  @IsString()
  @Length(1, 1000)
  text: string;

  @ApiProperty({ enum: QUESTION_TYPES, enumName: 'QuestionType' })
  @IsIn(QUESTION_TYPES)
  type: QuestionType;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'trust', description: 'Required for scale and yes/no; none for other types' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  dimension?: string | null;

  @ApiPropertyOptional({ type: [OptionDto], description: 'Scale, single choice and partner rating: least favourable first. Yes/no has fixed options.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_OPTIONS)
  @ValidateNested({ each: true })
  @Type(() => OptionDto)
  options?: OptionDto[];

  @ApiPropertyOptional({ default: false, description: 'Worded so that agreeing is unfavourable: scored 100 − score' })
  @IsOptional()
  @IsBoolean()
  reversed?: boolean;

  @ApiPropertyOptional({ default: false, description: "Accept 'dont_know', which is never scored" })
  @IsOptional()
  @IsBoolean()
  allowDontKnow?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  required?: boolean;
}

/** One question's words in another language; for the OpenAPI document (the service checks translations). */
export class QuestionTranslationDto {
  @ApiPropertyOptional({ example: 'Mae partneriaid yn cyflawni’r hyn y maent yn ymrwymo iddo.' })
  text?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { agree: 'Cytuno' }, description: 'Label by option value' })
  options?: Record<string, string>;
}

/** An instrument version's words in one language; every string may be left out and falls back to English. */
export class InstrumentTranslationDto {
  @ApiPropertyOptional({ example: 'Pwls Iechyd y Berthynas' })
  name?: string;

  @ApiPropertyOptional()
  description?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { trust: 'Ymddiriedaeth' }, description: 'Name by dimension key' })
  dimensions?: Record<string, string>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: getSchemaPath(QuestionTranslationDto) }, description: 'By question key' })
  questions?: Record<string, QuestionTranslationDto>;
}

export const TRANSLATIONS_PROPERTY = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(InstrumentTranslationDto) },
  example: { cy: { name: 'Pwls Iechyd y Berthynas', questions: { trust_commitments: { text: 'Mae partneriaid yn cyflawni’r hyn y maent yn ymrwymo iddo.', options: { agree: 'Cytuno' } } } } },
} as const;

/** An instrument's content: what a new version carries. */
@ApiExtraModels(InstrumentTranslationDto, QuestionTranslationDto)
export class InstrumentContentDto {
  @ApiProperty({ example: 'Relationship Health Pulse' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ type: [DimensionDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DimensionDto)
  dimensions: DimensionDto[];

  @ApiProperty({ type: [QuestionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_QUESTIONS)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions: QuestionDto[];

  @ApiPropertyOptional({
    ...TRANSLATIONS_PROPERTY,
    description:
      'The version’s words in other languages, by BCP 47 language tag (`cy` for Welsh). Partial translations are fine: a form shows the English ' +
      'string wherever one is left out. Every key must be the instrument’s own: an unknown question, option or dimension is a 400 naming ' +
      '`translations.<tag>.questions.<key>…`. Part of the version: immutable once a round uses it',
  })
  @IsOptional()
  @IsObject()
  translations?: InstrumentTranslations;
}

export class CreateInstrumentDto extends InstrumentContentDto {
  @ApiProperty({ example: 'relationship-health-pulse', description: 'Names the instrument across its versions; posting an existing key makes its next version' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'key must be 2 to 63 lower-case letters, digits and -, starting with a letter' })
  key: string;
}
