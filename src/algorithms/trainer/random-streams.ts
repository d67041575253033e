import { Rng, type RngState } from '../../rng';

/**
 * A run's named random streams: `get('init/critics')`, `get('sampler')`, `get('update/dropout')`, …
 * Each is {@link Rng.named}`(seed, name)`, a function of the seed and its name alone, so adding a
 * network or a random draw changes no other stream. Their states are part of a checkpoint.
 *
 * @example
 * ```ts
 * const streams = new RandomStreams(0);
 * const sampler = new MinibatchSampler(data, { batchSize: 256, rng: streams.get('sampler') });
 * ```
 */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number) {}

  /** The stream called `name` (created on first use). */
  get(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = Rng.named(this.seed, name);
      this.streams.set(name, rng);
    }
    return rng;
  }

  /** Every stream's state, by name (JSON-safe). */
  states(): Record<string, RngState> {
    return Object.fromEntries([...this.streams].map(([name, rng]) => [name, rng.getState()]));
  }

  /** Continues every stream from saved states (streams not yet created are created first). */
  restore(states: Record<string, RngState>): void {
    for (const [name, state] of Object.entries(states)) this.get(name).setState(state);
  }
}
