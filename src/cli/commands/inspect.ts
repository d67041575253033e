import { describeDataset, type DatasetMetadata } from 'offline-rl';
import { parseCommand } from '../args';
import type { CliContext } from '../context';
import { println } from '../context';
import { readDataset, writeAtomic } from '../files';
import { formatDescription } from '../format-description';
import { formatNumber } from '../format-table';
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
  if (values.json) println(ctx.stdout, JSON.stringify({ ...description, ...(dataset.metadata ? { metadata: dataset.metadata } : {}) }, null, 2));
  else println(ctx.stdout, formatDescription(description, datasetTitle(file, dataset.metadata)));
  if (plot && plotPath !== undefined && format) {
    await writeAtomic(plotPath, await plot.plotDataset(dataset, { format }));
    if (!values.json) println(ctx.stdout, `\nwrote ${plotPath}`);
  }
  return 0;
}

/**
 * The table's title: the file, and what the file says about itself (format, dataset id, reference
 * scores of the normalized score).
 *
 * @example
 * ```ts
 * datasetTitle('hopper.hdf5', { format: 'd4rl', datasetId: 'hopper-medium-v2' });
 * // 'hopper.hdf5 (d4rl, hopper-medium-v2)'
 * ```
 */
export function datasetTitle(file: string, metadata: Readonly<DatasetMetadata> | undefined): string {
  if (!metadata) return file;
  const facts = [metadata.format, metadata.datasetId].filter((f): f is string => typeof f === 'string' && f !== '');
  const ref = metadata.referenceScores;
  if (ref) facts.push(`reference scores ${formatNumber(ref.min)} / ${formatNumber(ref.max)}`);
  return facts.length ? `${file} (${facts.join(', ')})` : file;
}
