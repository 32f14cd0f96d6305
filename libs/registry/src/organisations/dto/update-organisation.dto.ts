import { PartialType } from '@nestjs/swagger';
import { CreateOrganisationDto } from './create-organisation.dto';

/** Any field of an organisation; the code is checked again against the resulting type. */
export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto, { skipNullProperties: false }) {}
