import 'reflect-metadata';
import cluster from 'node:cluster';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configOrExit } from '@pp/core';
import { AppModule } from './app.module';
import { runApiCluster } from './cluster';
import { setupApi } from './setup';

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  if (config.API_PROCESSES > 1 && cluster.isPrimary) return runApiCluster(config.API_PROCESSES, config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  setupApi(app);
  await app.listen(config.PORT, '0.0.0.0');
}

void bootstrap();
