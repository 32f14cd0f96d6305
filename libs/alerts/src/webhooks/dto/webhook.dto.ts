import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable, PageOf } from '@pp/core';
import { IsString, MaxLength } from 'class-validator';
import type { WebhookDelivery } from '../webhook-delivery.entity';
import type { WebhookEndpoint } from '../webhook-endpoint.entity';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.org/pulse', description: 'https; its host must resolve to public addresses only' })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiPropertyOptional({ example: 'Partnership board Teams channel', maxLength: 200 })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty()
  url: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt: string | null;

  static of(endpoint: WebhookEndpoint): WebhookDto {
    return {
      id: endpoint.id,
      footprintId: endpoint.footprintId,
      url: endpoint.url,
      description: endpoint.description,
      createdAt: endpoint.createdAt.toISOString(),
      revokedAt: endpoint.revokedAt?.toISOString() ?? null,
    };
  }
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] })
  items: WebhookDto[];
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    example: 'whsec_3q2-7wE…',
    description:
      'Shown once. Each delivery carries X-Pulse-Timestamp (Unix seconds) and X-Pulse-Signature: sha256=<hex HMAC-SHA256 of `timestamp.body` keyed with this secret>.',
  })
  secret: string;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The notification delivered: the `id` of the payload' })
  notificationId: string;

  @ApiProperty({ example: 1 })
  attempt: number;

  @ApiProperty({ format: 'date-time' })
  attemptedAt: string;

  @ApiProperty({ nullable: true, type: Number, example: 204 })
  statusCode: number | null;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;

  @ApiProperty({ example: 42 })
  durationMs: number;

  @ApiProperty()
  succeeded: boolean;

  static of(delivery: WebhookDelivery): WebhookDeliveryDto {
    return {
      id: delivery.id,
      notificationId: delivery.notificationId,
      attempt: delivery.attempt,
      attemptedAt: delivery.attemptedAt.toISOString(),
      statusCode: delivery.statusCode,
      error: delivery.error,
      durationMs: delivery.durationMs,
      succeeded: delivery.succeeded,
    };
  }
}

export class WebhookDeliveryPageDto extends PageOf(WebhookDeliveryDto) {}
