import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../apps/api/src/app.module';
import { setupApi } from '../../apps/api/src/setup';

/** The API exactly as main.ts builds it, against the real services. */
export async function startApi(): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
  setupApi(app);
  await app.init();
  return app;
}
