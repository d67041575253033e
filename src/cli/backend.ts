import { useBackend, type BackendName } from 'offline-rl';
import { choiceOption } from './args';
import { BACKEND_CHOICES } from './usage';

/**
 * Selects the backend the `--backend` flag names (default `'auto'`: tfjs-node when installed, else
 * wasm, else cpu).
 *
 * @throws UsageError for an unknown name; Error naming the package when the backend is not installed.
 * @example
 * ```ts
 * const backend = await selectBackend('train', values.backend); // 'wasm'
 * ```
 */
export async function selectBackend(command: string, value: string | boolean | undefined): Promise<BackendName> {
  return useBackend(choiceOption(command, 'backend', value, BACKEND_CHOICES) ?? 'auto');
}
