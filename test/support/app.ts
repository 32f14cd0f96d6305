import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { configOrExit, httpAdapter } from '@pp/core';
import { AppModule } from '../../apps/api/src/app.module';
import { setupApi } from '../../apps/api/src/setup';

export interface Route {
  method: string;
  path: string;
}

const registeredRoutes = new WeakMap<INestApplication, Route[]>();

/** Every route the app's router answers, one per method and path (the HEAD twins of GET routes and the CORS preflight left out). */
export function routesOf(app: INestApplication): Route[] {
  return registeredRoutes.get(app) ?? [];
}

/**
 * The API exactly as main.ts builds it, against the real services; without the web app unless
 * `webAppDir` names a build (the browser tests run the real process, which serves it).
 */
export async function startApi({ webAppDir = null }: { webAppDir?: string | null } = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(httpAdapter(configOrExit()), { bodyParser: false, bufferLogs: true });
  const routes: Route[] = [];
  registeredRoutes.set(app, routes);
  app.getHttpAdapter().getInstance().addHook('onRoute', ({ method, url }) => {
    for (const one of [method].flat()) if (one !== 'HEAD' && one !== 'OPTIONS' && !routes.some((r) => r.method === one && r.path === url)) routes.push({ method: one, path: url });
  });
  setupApi(app, { webAppDir });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** A server of its own on a loopback port, handing requests to the app, for tests that need a real socket; close it when done. */
export async function serveOnLoopback(app: INestApplication): Promise<{ server: Server; port: number }> {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  const server = createServer((req, res) => fastify.routing(req, res)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
