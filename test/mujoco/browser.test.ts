import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { halfCheetah, hopper, walker2d } from '../../src/mujoco';
import { BROWSER_STEPS, rollout, type RolloutSummary } from './browser/rollout';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const PAGE_TIMEOUT_MS = 120_000;

let dir: string | undefined;
let server: Server | undefined;
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close().catch(() => undefined);
  server?.closeAllConnections();
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Serves index.html, page.js and @mujoco/mujoco's mujoco.wasm on 127.0.0.1. */
async function serve(pageFile: string): Promise<string> {
  const routes: Record<string, [string, string]> = {
    '/page.js': [pageFile, 'text/javascript; charset=utf-8'],
    '/mujoco.wasm': [join(ROOT, 'node_modules/@mujoco/mujoco/mujoco.wasm'), 'application/wasm'],
  };
  const html = '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><script type="module" src="/page.js"></script></body></html>';
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(html);
      return;
    }
    const route = routes[path];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    readFile(route[0]).then((body) => {
      response.writeHead(200, { 'Content-Type': route[1] });
      response.end(body);
    }, () => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('offline-rl/mujoco in a browser', () => {
  it.skipIf(!HAVE_CHROMIUM)(
    'headless Chromium steps hopper and walker2d bit for bit as Node does, halfcheetah to rounding',
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'offline-rl-mujoco-browser-'));
      const file = join(dir, 'page.js');
      // The page imports @mujoco/mujoco itself; its Node-only branch imports 'module', left external.
      const result = await build({
        absWorkingDir: ROOT,
        entryPoints: ['test/mujoco/browser/page.ts'],
        outfile: file,
        bundle: true,
        platform: 'browser',
        format: 'esm',
        external: ['module'],
        alias: { 'offline-rl': './src/index.ts' },
        logLevel: 'silent',
      });
      expect(result.errors).toEqual([]);
      const url = await serve(file);
      const profile = join(dir, 'profile');
      browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', `--user-data-dir=${profile}`],
      });
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(url);
      await page.waitForFunction(() => window.__mujocoResult !== undefined || window.__mujocoError !== undefined, {
        timeout: PAGE_TIMEOUT_MS,
        polling: 250,
      });
      const { res, err } = await page.evaluate(() => ({ res: window.__mujocoResult, err: window.__mujocoError }));
      expect(err, `${err}\n${problems.join('\n')}`).toBeUndefined();
      const inBrowser = res as RolloutSummary[];

      const inNode: RolloutSummary[] = [];
      for (const make of [hopper, halfCheetah, walker2d]) {
        const env = await make();
        inNode.push(rollout(env, BROWSER_STEPS));
        env.close();
      }
      expect(inBrowser.map((s) => s.name)).toEqual(['hopper', 'halfcheetah', 'walker2d']);
      for (const [i, b] of inBrowser.entries()) {
        const n = inNode[i];
        expect(b.steps).toBe(BROWSER_STEPS);
        if (b.name === 'halfcheetah') {
          // Its reset draws normals (Math.log, Math.cos), whose last bit may differ between V8 versions.
          b.last.forEach((v, k) => expect(v).toBeCloseTo(n.last[k], 9));
          expect(b.total).toBeCloseTo(n.total, 6);
        } else {
          expect({ last: b.last, total: b.total }).toEqual({ last: n.last, total: n.total }); // same wasm, same seeds
        }
      }
      console.log(
        'env steps/s, browser vs node: ' +
          inBrowser.map((b, i) => `${b.name} ${Math.round(b.rate)} vs ${Math.round(inNode[i].rate)}`).join(', '),
      );
    },
    PAGE_TIMEOUT_MS + 60_000,
  );
});
