import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './bundle';
import { WASM_PREFIX } from './protocol';

/** One file the server answers with. */
interface Route {
  file: string;
  type: string;
}

/** A running loopback server. */
export interface PageServer {
  /** Base URL, `http://127.0.0.1:<port>/`. */
  url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const WASM_DIST = join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');

/** The page: loads the bundle as a module; the empty icon stops a favicon request. */
const INDEX_HTML = `<!doctype html>
<html>
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>offline-rl browser test</title></head>
<body><script type="module" src="/page.js"></script></body>
</html>
`;

/**
 * Serves the test page on 127.0.0.1 (a free port): `/` (index.html), `/page.js` (the bundle) and the
 * tfjs wasm binaries under {@link WASM_PREFIX} as `application/wasm`. Every other path is a 404.
 *
 * @param bundleFile - the bundled page script.
 * @returns the server's base URL and a `close`.
 */
export async function servePage(bundleFile: string): Promise<PageServer> {
  const routes = new Map<string, Route>([['/page.js', { file: bundleFile, type: 'text/javascript; charset=utf-8' }]]);
  for (const name of await readdir(WASM_DIST)) {
    if (name.endsWith('.wasm')) routes.set(`${WASM_PREFIX}${name}`, { file: join(WASM_DIST, name), type: 'application/wasm' });
  }
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed');
    if (path === '/' || path === '/index.html') return send(200, 'text/html; charset=utf-8', INDEX_HTML);
    const route = routes.get(path);
    if (!route) return send(404, 'text/plain', 'not found');
    readFile(route.file).then(
      (body) => send(200, route.type, body),
      () => send(500, 'text/plain', 'read error'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
