import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configOrExit, configureHttp } from '@pp/core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule, { bufferLogs: true, bodyParser: false });
  configureHttp(app);
  await app.listen(config.WORKER_PORT);
}

void bootstrap();
