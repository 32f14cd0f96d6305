import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configOrExit } from '@pp/core';
import { AppModule } from './app.module';
import { setupApi } from './setup';

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  setupApi(app);
  await app.listen(config.PORT, '0.0.0.0');
}

void bootstrap();
