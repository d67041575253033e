import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { bundlePage, type PageBundle } from './bundle';
import { BROWSER_IQL, type BrowserResult } from './protocol';
import { servePage, type PageServer } from './server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  console.warn(`browser test skipped: no Chromium at ${CHROMIUM} (install Debian's chromium, or set CHROMIUM_PATH)`);
}
/** How long the page may take to report (bundle load, wasm start-up, training). */
const PAGE_TIMEOUT_MS = 120_000;
/** The Node test's tolerances (test/algos/iql-toy.test.ts): V(s1) within 0.4, V(s2) within 0.1. */
const V1_TOLERANCE = 0.4;
const V2_TOLERANCE = 0.1;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

let bundling: Promise<PageBundle> | undefined;
/** Bundles the page once for both tests, whichever runs first. */
function getBundle(): Promise<PageBundle> {
  bundling ??= bundlePage();
  return bundling;
}

let server: PageServer | undefined;
let browser: Browser | undefined;
let profile: string | undefined;

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  if (bundling) await rm((await bundling).dir, { recursive: true, force: true });
});

describe("a browser page importing 'offline-rl'", () => {
  it('bundles with esbuild for the browser without errors', async () => {
    const bundle = await getBundle();
    for (const warning of bundle.warnings) console.warn(`esbuild: ${warning}`);
    expect(bundle.errors).toEqual([]);
  });

  it.skipIf(!HAVE_CHROMIUM)(
    "trains IQL on the wasm backend in headless Chromium: V(s1) ≈ 10(2τ − 1)",
    async () => {
      const t0 = performance.now();
      const bundle = await getBundle();
      expect(bundle.errors).toEqual([]);
      server = await servePage(bundle.file);
      profile = await mkdtemp(join(tmpdir(), 'offline-rl-chromium-'));
      browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, `--user-data-dir=${profile}`] });
      const page = await browser.newPage();
      const problems: string[] = [];
      const report = (line: string) => {
        problems.push(line);
        console.error(`[chromium] ${line}`);
      };
      page.on('console', (message) => {
        if (message.type() === 'error') report(`console.error: ${message.text()}`);
        else if (message.type() === 'warn') console.warn(`[chromium] console.warn: ${message.text()}`);
      });
      page.on('pageerror', (error) => report(`page error: ${error instanceof Error ? error.message : String(error)}`));
      page.on('requestfailed', (request) => report(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
      page.on('response', (response) => {
        if (response.status() >= 400) report(`HTTP ${response.status()} for ${response.url()}`);
      });
      await page.goto(server.url);
      await page.waitForFunction(() => window.__result !== undefined || window.__error !== undefined, { timeout: PAGE_TIMEOUT_MS, polling: 250 });
      const { result, error } = await page.evaluate(() => ({ result: window.__result, error: window.__error }));
      expect(error, `the page failed:\n${error}\n${problems.join('\n')}`).toBeUndefined();
      const r = result as BrowserResult;
      console.log(
        `browser test: backend ${r.backend} (tf ${r.tfBackend}, own GEMM kernel ${r.gemmKernel}), V(s1) ${r.v1.toFixed(3)} vs ${r.expected.toFixed(3)}, ` +
          `training ${Math.round(r.ms)} ms in the page, bundle ${Math.round(bundle.ms)} ms, total ${Math.round(performance.now() - t0)} ms`,
      );

      const tau = BROWSER_IQL.config.expectile;
      expect(r.backend).toBe('wasm');
      expect(r.tfBackend).toBe('wasm');
      expect(r.expected).toBeCloseTo(10 * (2 * tau - 1), 10);
      expect(Math.abs(r.v1 - 10 * (2 * tau - 1))).toBeLessThan(V1_TOLERANCE);
      expect(Math.abs(r.v2 - 1)).toBeLessThan(V2_TOLERANCE);
      // τ = 0.7 > 0.55: IQL goes up at s0 (SARSA would go down).
      expect(r.actAtS0).toBe(0);
    },
    PAGE_TIMEOUT_MS + 60_000,
  );
});
