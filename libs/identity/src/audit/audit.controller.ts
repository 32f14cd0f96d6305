import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor';
import { CurrentActor, Permission } from '../access/permission.decorator';
import { scopeOf } from '../access/policy';
import { AuditService } from './audit.service';
import { AuditEntryDto, AuditPageDto } from './dto/audit-entry.dto';
import { AuditQuery } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit-entries')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Permission('audit.read')
  @ApiOperation({ summary: 'Audit log, newest first: every write with who, role, what and when' })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: AuditQuery, @CurrentActor() actor: Actor): Promise<AuditPageDto> {
    const page = await this.audit.list(query, scopeOf(actor, 'audit.read'));
    return { items: page.items.map(AuditEntryDto.of), nextCursor: page.nextCursor };
  }
}
