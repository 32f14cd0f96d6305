import 'reflect-metadata';
import cluster from 'node:cluster';
// The primary loads only what it uses, not the whole of @pp/core: it stays a small process.
import { type AppConfig, configOrExit } from '../../../libs/core/src/config/app-config';
import { runApiCluster } from './cluster';

/** An API process: the app, loaded here so the cluster's primary never loads it. */
async function serve(config: AppConfig): Promise<void> {
  const { NestFactory } = await import('@nestjs/core');
  // By path: the build maps @pp/* in static imports only.
  const { httpAdapter } = await import('../../../libs/core/src/http/configure-app');
  const { AppModule } = await import('./app.module');
  const { setupApi } = await import('./setup');
  const app = await NestFactory.create<import('@nestjs/platform-fastify').NestFastifyApplication>(AppModule, httpAdapter(config), { bufferLogs: true, bodyParser: false });
  setupApi(app);
  await app.listen(config.PORT, '0.0.0.0');
}

const config = configOrExit();
if (cluster.isPrimary) runApiCluster(config.API_PROCESSES, config.LOG_LEVEL);
else void serve(config);
