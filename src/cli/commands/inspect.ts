import { describeDataset } from 'offline-rl';
import { parseCommand } from '../args';
import type { CliContext } from '../context';
import { println } from '../context';
import { readDataset, writeAtomic } from '../files';
import { formatDescription } from '../format-description';
import { usage } from '../usage';
import { UsageError } from '../usage-error';

/**
 * `offline-rl inspect FILE [--plot out.svg|out.png] [--json]`: prints {@link describeDataset}'s
 * numbers as a table (or JSON) and optionally draws the dataset's histograms.
 *
 * @returns the exit code.
 * @example
 * ```ts
 * await inspectCommand(['data.hdf5', '--plot', 'data.svg'], ctx);
 * ```
 */
export async function inspectCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseCommand('inspect', argv, { plot: { type: 'string' }, json: { type: 'boolean' } }, 1);
  if (values.help) {
    println(ctx.stdout, usage('inspect'));
    return 0;
  }
  const [file] = positionals;
  const plotPath = values.plot as string | undefined;
  // Check the picture's name before loading a large file.
  const plot = plotPath === undefined ? undefined : await import('offline-rl/plot');
  let format: 'svg' | 'png' | undefined;
  if (plot && plotPath !== undefined) {
    try {
      format = plot.plotFormatFromPath(plotPath);
    } catch (err) {
      throw new UsageError(`--plot: ${(err as Error).message}`, 'inspect');
    }
  }
  const dataset = await readDataset(file);
  const description = describeDataset(dataset);
  println(ctx.stdout, values.json ? JSON.stringify(description, null, 2) : formatDescription(description, file));
  if (plot && plotPath !== undefined && format) {
    await writeAtomic(plotPath, await plot.plotDataset(dataset, { format }));
    if (!values.json) println(ctx.stdout, `\nwrote ${plotPath}`);
  }
  return 0;
}
