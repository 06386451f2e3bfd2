"""The yardstick of ``quickscan score`` (benchmarks/cli.py): the same work as a plain pandas + numpy script.

    python benchmarks/score_reference.py QUESTIONNAIRE.json RESPONSES.csv

It reads the questionnaire's JSON for the items of the employee role, reads the CSV with pandas' C reader
into numbers (``dk`` and empty cells missing), and prints as JSON, per dimension: n, mean, SD, a 95 %
interval, % favourable and Cronbach's alpha from the pairwise covariances; per item: the count of each
scale point and the share missing. What it leaves out compared with the command (the check of every cell
with its row and column, "dk" told apart from blank, the anonymity rules, Feldt's interval for alpha,
Student's t instead of 1.96) makes it faster, not slower: a strict yardstick.
"""

from __future__ import annotations

import json
import math
import sys

import numpy as np
import pandas as pd


def main(definition_path: str, responses_path: str) -> None:
    with open(definition_path, encoding="utf-8") as fh:
        definition = json.load(fh)
    items = [it for it in definition["items"] if "employee" in it["text"]]
    share = definition.get("scoring", {}).get("min_answered_share", 0.6)
    frame = pd.read_csv(responses_path, usecols=[it["id"] for it in items], na_values=["dk"])
    out = {}
    for dimension in definition["dimensions"]:
        members = [it for it in items if it["dimension"] == dimension["id"]]
        scale = definition["scales"][members[0]["scale"]]
        low, high = scale["min"], scale["max"]
        values = frame[[it["id"] for it in members]].astype(np.float64)
        missing = values.isna().mean() * 100
        counts = {it["id"]: values[it["id"]].value_counts().sort_index() for it in members}
        for it in members:
            if it.get("reverse"):
                values[it["id"]] = low + high - values[it["id"]]
        answered = values.notna().sum(axis=1)
        need = max(1, math.ceil(share * len(members) - 1e-9))
        scores = values.mean(axis=1).where(answered >= need).to_numpy()
        scores = scores[~np.isnan(scores)]
        n, mean, sd = scores.size, float(scores.mean()), float(scores.std(ddof=1))
        cov = values.cov().to_numpy()
        k = len(members)
        alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
        item_stats = {
            it["id"]: {
                "counts": {str(int(v)): int(c) for v, c in counts[it["id"]].items()},
                "missing": float(missing[it["id"]]),
            }
            for it in members
        }
        half = 1.96 * sd / math.sqrt(n)
        out[dimension["id"]] = {
            "n": n,
            "mean": mean,
            "sd": sd,
            "ci95": [mean - half, mean + half],
            "favourable": float((scores >= scale["favourable_from"]).mean() * 100),
            "alpha": float(alpha),
            "items": item_stats,
        }
    print(json.dumps({"dimensions": out}, indent=2))


if __name__ == "__main__":
    main(*sys.argv[1:3])
