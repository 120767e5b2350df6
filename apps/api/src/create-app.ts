import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Authenticator } from './access/authenticator.js';
import { AppModule, type AppOptions } from './app.module.js';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openApiComponents, tidyOpenApiSchemas } from './common/contract/openapi-schemas.js';
import { needsIdentity, registerRequestGate } from './common/request-gate.js';
import { type AppConfig } from './config/app-config.js';
import { createLogger, PinoNestLogger, RequestLogLines, requestId } from './common/logging.js';
import { serveDashboard } from './dashboard/dashboard-files.js';
import { registerHttpMetrics } from './metrics/http-metrics.js';
import { Metrics } from './metrics/metrics.js';
import { APP_VERSION } from './version.js';

/**
 * What pages served here may load: only this service's own scripts, styles and data. Inline styles
 * stay allowed (Angular and Swagger UI set them); inline scripts do not.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * Helmet's security headers, worked out once. They depend only on the options, and @fastify/helmet
 * builds helmet's middleware again for every request, a noticeable share of a small response's work.
 */
function securityHeaders(): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const collect = {
    setHeader: (name: string, value: string) => headers.push([name, value]),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } })({} as IncomingMessage, collect, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * What the API, /mcp and /metrics answer with instead of the pages' set: OWASP's security headers
 * for REST answers, plus the referrer and resource policies. Nothing in a JSON answer is a page, so its policy
 * lets it load nothing and be framed by nothing; the pages' headers (a long policy, and several that
 * only mean something to a document) cost each of these small answers measurably for no protection.
 */
const API_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Incidents and tokens are nobody else's business: no shared cache may keep an answer.
  'cache-control': 'no-store',
};

/**
 * The name a generated client gives an operation. Routes name theirs (`listIncidents`, `createIncident`) in
 * `@ApiOperation`; one that does not gets the handler's verb and its controller's noun (`list` on
 * `ChannelsController` is `listChannels`), never the default `ChannelsController_list`.
 */
export function operationIdFor(controllerKey: string, methodKey: string): string {
  return `${methodKey}${controllerKey.replace(/Controller$/, '')}`;
}

/** The OpenAPI document: routes from the controllers, every named shape from the shared contracts. */
function describeApi(app: NestFastifyApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('workflow-mcp')
      .setDescription('Incidents, environments, deployments and system health for DevOps teams and their AI assistants.')
      .setVersion(APP_VERSION)
      .setLicense('MIT', 'https://opensource.org/license/mit')
      // Relative: the routes are on whichever address served this document.
      .addServer('/', 'This service')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Required when the service has ACCESS_TOKEN set.' })
      .addSecurityRequirements('bearer')
      .build(),
    { operationIdFactory: operationIdFor },
  );
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...(openApiComponents() as Record<string, object>) },
  };
  tidyOpenApiSchemas(document);
  return document;
}

/** Builds the HTTP service (REST under /api with its OpenAPI document, the dashboard's files); shared by main and the tests. */
export async function createApp(
  config: AppConfig,
  options: AppOptions & { /** Where log lines go instead of stdout (tests read them). */ logDestination?: NodeJS.WritableStream } = {},
): Promise<NestFastifyApplication> {
  // requestTimeout: a client must send its whole request (headers and body) in time, so a slow body cannot hold a socket.
  // One logger (pino) for Fastify and Nest alike; each request gets an id its log lines and its response carry.
  const logger = createLogger({ level: config.logLevel, format: config.logFormat }, options.logDestination);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    requestTimeout: config.http.requestTimeoutMs,
    loggerInstance: logger,
    logController: new RequestLogLines(),
    genReqId: requestId,
  });
  // Shutdown must not wait on clients: idle keep-alive sockets and event streams are closed, not awaited.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    forceCloseConnections: true,
    // Bodies are parsed by the request gate: JSON only, with a depth limit.
    bodyParser: false,
  });
  const pageHeaders = Object.fromEntries(securityHeaders());
  // Every response says which request it answered (X-Request-Id, so a user's report finds its log lines)
  // and carries its security headers: one hook for both, as each hook costs every request. Before the
  // gate, so its refusals carry them too. Routes that write the raw response themselves copy them from
  // the reply (rawResponse).
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header('x-request-id', request.id).headers(needsIdentity(request.url) ? API_HEADERS : pageHeaders);
      done();
    });
  registerHttpMetrics(app.getHttpAdapter().getInstance(), app.get(Metrics));
  registerRequestGate(app.getHttpAdapter().getInstance(), config, () => app.get(Authenticator));
  app.setGlobalPrefix('api', { exclude: ['mcp'] });

  // Built on first use, not at boot: describing every route is a large share of start-up time.
  let openapi: OpenAPIObject | undefined;
  const describe = () => (openapi ??= describeApi(app));
  SwaggerModule.setup('api/docs', app, describe, { jsonDocumentUrl: 'api/openapi.json', useGlobalPrefix: false });
  await serveDashboard(app, config.dashboardDir);
  app.enableShutdownHooks();
  return app;
}
