#!/usr/bin/python3
"""Reads files written by offline-rl's saveDataset with h5py / numpy and prints what it finds as JSON.

Usage: read_back.py d4rl|npz|minari PATH

For Minari it follows what Minari's own reader does (minari/dataset/minari_storage.py,
minari/dataset/_storages/hdf5_storage.py): metadata.json read with json.load, the serialized
spaces parsed with json.loads, episodes `episode_{i}` for i in range(total_episodes), their
`observations`, `actions`, `rewards`, `terminations`, `truncations` read with `[()]` / `[:]`.
"""
import json
import os
import sys

import h5py
import numpy as np


def arr(a):
    a = np.asarray(a)
    return {'dtype': str(a.dtype), 'shape': list(a.shape), 'values': a.astype(np.float64).ravel().tolist()}


def d4rl(path):
    with h5py.File(path, 'r') as f:
        return {
            'keys': sorted(f.keys()),
            'columns': {k: arr(f[k][()]) for k in f.keys()},
            'attrs': {k: (v.decode() if isinstance(v, bytes) else v.item() if hasattr(v, 'item') else v) for k, v in f.attrs.items()},
        }


def npz(path):
    with np.load(path) as f:
        out = {'keys': sorted(f.files), 'columns': {}}
        for k in f.files:
            a = f[k]
            out['columns'][k] = {'dtype': str(a.dtype), 'shape': list(a.shape), 'value': a.item()} if a.dtype.kind == 'U' else arr(a)
        return out


def minari(path):
    data = os.path.join(path, 'data')
    with open(os.path.join(data, 'metadata.json')) as fh:
        meta = json.load(fh)
    meta['observation_space'] = json.loads(meta['observation_space'])
    meta['action_space'] = json.loads(meta['action_space'])
    episodes = []
    with h5py.File(os.path.join(data, 'main_data.hdf5'), 'r') as f:
        names = list(f.keys())
        for i in range(meta['total_episodes']):
            g = f[f'episode_{i}']
            episodes.append({
                'attrs': {k: v.item() for k, v in g.attrs.items()},
                'maxshape': list(g['observations'].maxshape),
                **{k: arr(g[k][()]) for k in ['observations', 'actions', 'rewards', 'terminations', 'truncations']},
            })
    # Space bounds may be ±inf, which JSON cannot carry: report them as strings.
    meta['observation_space']['low'] = [str(v) for v in meta['observation_space']['low']]
    meta['observation_space']['high'] = [str(v) for v in meta['observation_space']['high']]
    return {'metadata': meta, 'groups': names, 'episodes': episodes}


if __name__ == '__main__':
    kind, path = sys.argv[1], sys.argv[2]
    print(json.dumps({'d4rl': d4rl, 'npz': npz, 'minari': minari}[kind](path)))
