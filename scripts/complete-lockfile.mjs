#!/usr/bin/env node
/**
 * Adds the lockfile entries of Rollup's platform packages that `npm install` left out, so that
 * `npm ci` accepts package-lock.json.
 *
 * Why: npm 11's `npm ci` requires an entry for every optional dependency of every locked package
 * (npm/cli#4828, #9846). When the registry `npm install` talks to does not serve some of Rollup's
 * native builds (`@rollup/rollup-<os>-<cpu>[-<abi>]`), npm drops them from the lockfile and `npm ci`
 * then fails with "Missing: @rollup/rollup-android-arm-eabi@ from lock file". This script writes the
 * missing entries with the same version as `rollup` and the platform fields npm checks (os, cpu,
 * libc), so they are skipped on other platforms. It leaves out `integrity`, which it cannot know; npm
 * then downloads the one package a platform needs without a checksum. Regenerating the lockfile
 * (`rm package-lock.json && npm install`) against a complete registry restores the checksums.
 *
 * Usage: node scripts/complete-lockfile.mjs [package-lock.json]   (idempotent; run after npm install)
 */
import { readFileSync, writeFileSync } from 'node:fs';

const path = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const rollup = packages['node_modules/rollup'];
if (!rollup) {
  console.log('complete-lockfile: no rollup in the lockfile, nothing to do');
  process.exit(0);
}

const OS = new Set(['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32']);
const CPU = new Set(['arm', 'arm64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'x64']);
const PREFIX = 'node_modules/@rollup/';

const added = [];
for (const name of Object.keys(rollup.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (packages[key]) continue;
  // @rollup/rollup-linux-arm-gnueabihf → os linux, cpu arm, abi gnueabihf
  const [os, cpu, abi] = name.replace('@rollup/rollup-', '').split('-');
  if (!OS.has(os) || !CPU.has(cpu)) throw new Error(`complete-lockfile: cannot read the platform of ${name}`);
  const entry = { version: rollup.version, cpu: [cpu], dev: rollup.dev ?? false };
  if (os === 'linux') entry.libc = [abi?.startsWith('gnu') ? 'glibc' : 'musl'];
  Object.assign(entry, { license: rollup.license, optional: true, os: [os] });
  if (!entry.dev) delete entry.dev;
  packages[key] = entry;
  added.push(name);
}

if (added.length === 0) {
  console.log('complete-lockfile: the lockfile already lists every Rollup platform package');
  process.exit(0);
}

// Keep npm's order: all @rollup/* entries together and sorted, where the first one belongs.
const rollupKeys = Object.keys(packages).filter((k) => k.startsWith(PREFIX)).sort();
const ordered = {};
let placed = false;
for (const [key, value] of Object.entries(packages)) {
  if (!placed && key !== '' && (key.startsWith(PREFIX) || key > rollupKeys[0])) {
    for (const k of rollupKeys) ordered[k] = packages[k];
    placed = true;
  }
  if (!key.startsWith(PREFIX)) ordered[key] = value;
}
if (!placed) for (const k of rollupKeys) ordered[k] = packages[k];
lock.packages = ordered;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added.length} entries: ${added.join(', ')}`);
