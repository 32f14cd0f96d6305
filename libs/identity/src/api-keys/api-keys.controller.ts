import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQuery, uuidParam } from '@pp/core';
import type { Actor } from '../access/actor';
import { assertFootprintsInScope } from '../access/field-scope';
import { CurrentActor, Permission } from '../access/permission.decorator';
import { scopeOf } from '../access/policy';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @Permission('api_key.read')
  @ApiOperation({ summary: 'API keys within your footprints (never the keys themselves)' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  async list(@Query() page: PageQuery, @CurrentActor() actor: Actor): Promise<ApiKeyPageDto> {
    const result = await this.apiKeys.list(page, scopeOf(actor, 'api_key.read'));
    return { items: result.items.map(ApiKeyDto.of), nextCursor: result.nextCursor };
  }

  @Post()
  @Permission('api_key.manage')
  @ApiOperation({ summary: 'Create a read-only API key for BI tools; the key is shown once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@Body() body: CreateApiKeyDto, @CurrentActor() actor: Actor): Promise<CreatedApiKeyDto> {
    assertFootprintsInScope(actor, 'api_key.manage', 'footprintIds', body.footprintIds);
    const created = await this.apiKeys.create(body, actor);
    return { apiKey: ApiKeyDto.of(created.apiKey), key: created.key };
  }

  @Get(':id')
  @Permission('api_key.read', { id: 'api_key' })
  @ApiOperation({ summary: 'One API key' })
  @ApiOkResponse({ type: ApiKeyDto })
  async get(@Param('id', uuidParam('id')) id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.of(await this.apiKeys.get(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission('api_key.manage', { id: 'api_key' })
  @ApiOperation({ summary: 'Revoke an API key at once' })
  @ApiNoContentResponse()
  async revoke(@Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}
