import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { repeatRows } from '../../src/algorithms/cql/update';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';

for (const backend of TEST_BACKENDS) {
  describe(`repeatRows on ${backend}`, () => {
    beforeAll(async () => setTestBackend(backend));

    it('repeats each row n times in place, bit for bit what tiling a [B, 1, D] view gives', () => {
      const rng = new Rng(4);
      for (const [b, d, n] of [[2, 1, 2], [5, 3, 4], [256, 17, 10]]) {
        const x = tf.tensor2d(Array.from({ length: b }, () => Array.from({ length: d }, () => rng.normal())));
        const tiled = tf.reshape(tf.tile(tf.reshape(x, [b, 1, d]), [1, n, 1]), [b * n, d]);
        const repeated = repeatRows(x as tf.Tensor2D, n);
        expect(repeated.shape).toEqual([b * n, d]);
        expect(Array.from(repeated.dataSync())).toEqual(Array.from(tiled.dataSync()));
        const rows = repeated.arraySync() as number[][];
        const source = x.arraySync() as number[][];
        for (let r = 0; r < b * n; r++) expect(rows[r]).toEqual(source[Math.floor(r / n)]);
        tf.dispose([x, tiled, repeated]);
      }
      expect(repeatRows(tf.tensor2d([[1, 2]]), 1).arraySync()).toEqual([[1, 2]]);
    });
  });
}
