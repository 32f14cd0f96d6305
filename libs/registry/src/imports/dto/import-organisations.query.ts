import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ORGANISATION_TYPES, type OrganisationType } from '../../organisations/organisation-types';

export class ImportOrganisationsQuery {
  @ApiPropertyOptional({
    enum: ORGANISATION_TYPES,
    enumName: 'OrganisationType',
    example: 'acute_trust',
    description: 'Type of every row without an organisation_type column, as in an ODS trust file (etr)',
  })
  @IsOptional()
  @IsIn(ORGANISATION_TYPES)
  type?: OrganisationType;
}
