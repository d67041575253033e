/**
 * Defect 10: statements the docs made that stopped being true. Each regex is a claim that must not
 * come back in the sources' TSDoc (which becomes the API reference) or in the guides.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : ext.test(name) ? [path] : [];
  });
}

const SOURCES = [...files('src', /\.ts$/), 'README.md', 'docs/guide.md'];

const STALE: Array<[RegExp, string]> = [
  [/tfjs has no `stopGradient`|TensorFlow\.js has no `stopGradient`/, 'offline-rl ships stopGradient'],
  [/\(IQL agents\)\.?\s*`?actions`? are/, 'Agent.q works for every agent with critics (IQL and TD3+BC)'],
  [/`min_k Q_k\(s, a\)` over the twin critics per row \(IQL agents\)/, 'Agent.q is not IQL-only'],
  [/AgentAlgorithm = agent\.spec\.algorithm; \/\/ 'iql' \| 'bc'$/m, "the algorithm names include 'td3bc'"],
  [/backend.*"per call"|per-call backend|`config\.backend` selects one per call/i, 'config.backend selects the process-wide backend'],
];

describe('docs do not repeat stale claims', () => {
  it.each(STALE)('%s', (pattern, why) => {
    const hits = SOURCES.filter((file) => pattern.test(readFileSync(file, 'utf8')));
    expect(hits, why).toEqual([]);
  });
});
