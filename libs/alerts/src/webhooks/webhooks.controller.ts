import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQuery, ProblemDetails, uuidParam } from '@pp/core';
import { type Actor, CurrentActor, Permission } from '@pp/identity';
import { CreatedWebhookDto, CreateWebhookDto, WebhookDeliveryDto, WebhookDeliveryPageDto, WebhookDto, WebhookListDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('alerts')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get('footprints/:footprintId/webhooks')
  @Permission('webhook.read')
  @ApiOperation({ summary: 'The footprint’s webhook endpoints (never their secrets)' })
  @ApiOkResponse({ type: WebhookListDto })
  async list(@Param('footprintId', uuidParam('footprintId')) footprintId: string): Promise<WebhookListDto> {
    return { items: (await this.webhooks.list(footprintId)).map(WebhookDto.of) };
  }

  @Post('footprints/:footprintId/webhooks')
  @Permission('webhook.manage')
  @ApiOperation({ summary: 'Add an endpoint that receives the footprint’s alerts, signed; the signing secret is shown once' })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  async create(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Body() body: CreateWebhookDto, @CurrentActor() actor: Actor): Promise<CreatedWebhookDto> {
    const { endpoint, secret } = await this.webhooks.create(footprintId, body, actor.id);
    return { ...WebhookDto.of(endpoint), secret };
  }

  @Delete('webhooks/:webhookId')
  @HttpCode(200)
  @Permission('webhook.manage', { webhookId: 'webhook' })
  @ApiOperation({ summary: 'Revoke an endpoint: it receives nothing more; its delivery log stays' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Already revoked' })
  async revoke(@Param('webhookId', uuidParam('webhookId')) webhookId: string): Promise<WebhookDto> {
    return WebhookDto.of(await this.webhooks.revoke(webhookId));
  }

  @Get('webhooks/:webhookId/deliveries')
  @Permission('webhook.read', { webhookId: 'webhook' })
  @ApiOperation({ summary: 'Delivery attempts to an endpoint, newest first: status code, error, duration' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  async deliveries(@Param('webhookId', uuidParam('webhookId')) webhookId: string, @Query() query: PageQuery): Promise<WebhookDeliveryPageDto> {
    const page = await this.webhooks.deliveries(webhookId, query);
    return { items: page.items.map(WebhookDeliveryDto.of), nextCursor: page.nextCursor };
  }
}
