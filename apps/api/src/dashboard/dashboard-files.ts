import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_VERSION } from '../version.js';

/**
 * The dashboard's pages; each of them, and any deep link below it, is answered with the app's index.html.
 * Not /status: that is the public status page, rendered by the service (status-page/).
 */
export const DASHBOARD_PAGES = [
  'operations',
  'environments',
  'deployments',
  'delivery',
  'notifications',
  'sign-in',
  'tokens',
  'password',
  'admin',
] as const;

/** Angular's production build names bundles `name-HASH.js`: such a name never changes content, so it can be cached for good. */
const HASHED_FILE = /-[A-Z0-9]{8}\.(js|css|mjs)$/;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>workflow-mcp: dashboard not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The dashboard is not built</h1>
<p>The service is running: the REST API is at <a href="/api/docs">/api/docs</a> and MCP at <code>/mcp</code>.
The web dashboard's files were not found in <code>DASHBOARD_DIR</code>.</p>
<p>Build them with <code>npm run build:dashboard</code> (or start with <code>npm start</code>, which builds everything), then reload this page.</p>
</body></html>
`;

/** The release the dashboard's footer shows, read by the page from this tag: one version, package.json's, everywhere. */
export function withVersionTag(html: string, version: string = APP_VERSION): string {
  const escaped = version.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return html.replace('</head>', `<meta name="application-version" content="${escaped}" />\n</head>`);
}

/**
 * Serves the built dashboard from `dir` on the service's own port: its files with caching, and
 * index.html for `/` and every page route so deep links load the app. `/api` and `/mcp` are not
 * touched, so unknown API paths still get the JSON 404. If the build is missing the service still
 * runs and the pages say how to build it.
 */
export async function serveDashboard(app: NestFastifyApplication, dir: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const built = existsSync(join(dir, 'index.html'));

  if (built) {
    // The build is one flat folder of files (the app's bundles, its styles, icons): one route
    // answers all of them. A route per file (the plugin's `wildcard: false`) registered a GET and a
    // HEAD route for each of some 60 files at every start. Only a single path segment is claimed,
    // and a name not in the build goes to the JSON 404, so /api/..., /mcp and the rest are untouched.
    const files = new Set(
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isFile() && e.name !== 'index.html' ? [e.name] : [])),
    );
    await app.register(fastifyStatic, {
      root: dir,
      serve: false,
      index: false,
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', HASHED_FILE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    fastify.get<{ Params: { file: string } }>('/:file', (request, reply) =>
      files.has(request.params.file) ? reply.sendFile(request.params.file) : reply.callNotFound(),
    );
  }

  const sendApp = async (reply: FastifyReply) => {
    if (!built)
      return reply.status(503).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
    // Read on each load and always revalidated: a new build must reach the browser on the next load.
    const html = withVersionTag(await readFile(join(dir, 'index.html'), 'utf8'));
    return reply.header('cache-control', 'no-cache').header('content-type', 'text/html; charset=utf-8').send(html);
  };

  fastify.get('/', (_request, reply) => sendApp(reply));
  for (const page of DASHBOARD_PAGES) {
    fastify.get(`/${page}`, (_request, reply) => sendApp(reply));
    fastify.get(`/${page}/*`, (_request, reply) => sendApp(reply));
  }
}
