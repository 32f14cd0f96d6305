import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configOrExit, configureHttp, httpAdapter } from '@pp/core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule, httpAdapter(config), { bufferLogs: true, bodyParser: false });
  configureHttp(app);
  await app.listen(config.WORKER_PORT, '0.0.0.0');
}

void bootstrap();
