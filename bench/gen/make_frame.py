"""Writes the `frame` workload: a DataFrame as `df.to_pickle` writes it (pickle protocol 5), made
by pandas itself. Run by /usr/bin/python3 (Debian's python3-pandas); generate.py calls it.

    /usr/bin/python3 bench/gen/make_frame.py --rows 3000000 --out bench/data/scale-1/frame.pkl

Columns (the mix of a typical analytics table): id int64, x float64 (random: 17 significant
digits, the costliest floats to print), y float64 (2 decimals, like prices, 5% NaN), k int32,
flag bool, ts datetime64[ns] (one per second from 2024-01-01, with sub-second parts), and
category (a Categorical of 8 labels). Default RangeIndex. Fixed seed: the same file every run.
"""
import argparse

import numpy as np
import pandas as pd


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(20240101)
    n = args.rows
    y = np.round(rng.normal(loc=100, scale=30, size=n), 2)
    y[rng.random(n) < 0.05] = np.nan
    frame = pd.DataFrame(
        {
            "id": np.arange(n, dtype=np.int64) * 7 + 1_000_000,
            "x": rng.random(n) * 1000,
            "y": y,
            "k": rng.integers(-50_000, 50_000, size=n, dtype=np.int32),
            "flag": rng.random(n) < 0.3,
            "ts": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(n, dtype=np.int64) * 1_000_000_000 + rng.integers(0, 1000, size=n) * 1_000_000, unit="ns"),
            "category": pd.Categorical.from_codes(rng.integers(0, 8, size=n), ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]),
        }
    )
    frame.to_pickle(args.out)


main()
