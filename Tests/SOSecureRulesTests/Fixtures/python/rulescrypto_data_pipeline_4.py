#!/usr/bin/env python3
"""Nightly feature pipeline: load raw exports, compute embeddings, cache results, write a report."""
import argparse
import json
import os
import pickle
import tempfile

import numpy as np
import pandas as pd
import torch
import yaml

CACHE_FILE = "/var/cache/pipeline/features.pkl"


def load_config(path):
    with open(path) as fh:
        # expect: yaml-unsafe-load
        return yaml.unsafe_load(fh)


def load_config_safe(path):
    with open(path) as fh:
        # ok: yaml-unsafe-load
        return yaml.safe_load(fh)


def load_cached_features():
    if os.path.exists(CACHE_FILE):
        with open(CACHE_FILE, "rb") as fh:
            # expect: pickle-load
            return pickle.load(fh)
    return None


def save_cached_features(features):
    with open(CACHE_FILE, "wb") as fh:
        # ok: pickle-load
        pickle.dump(features, fh)


def load_raw_exports(export_dir):
    frames = []
    for name in sorted(os.listdir(export_dir)):
        if name.endswith(".pkl"):
            # expect: pandas-read-pickle
            frames.append(pd.read_pickle(os.path.join(export_dir, name)))
        elif name.endswith(".parquet"):
            frames.append(pd.read_parquet(os.path.join(export_dir, name)))
    return pd.concat(frames, ignore_index=True)


def load_vocab(path):
    # expect: numpy-load-allow-pickle
    return np.load(path, allow_pickle=True).item()


def load_matrix(path):
    # ok: numpy-load-allow-pickle
    return np.load(path)


def load_encoder(checkpoint):
    # expect: torch-load-without-weights-only
    model = torch.load(checkpoint, map_location="cpu")
    return model.eval()


def load_encoder_weights(model, checkpoint):
    # ok: torch-load-without-weights-only
    model.load_state_dict(torch.load(checkpoint, map_location="cpu", weights_only=True))
    return model.eval()


def write_report(summary):
    # expect: tempfile-mktemp
    scratch = tempfile.mktemp(suffix=".json")
    with open(scratch, "w") as fh:
        json.dump(summary, fh, indent=2)
    os.replace(scratch, "report.json")
    # expect: hardcoded-tmp-path
    with open("/tmp/pipeline_last_run.txt", "w") as marker:
        marker.write(summary["finished_at"])


def write_report_safely(summary):
    # ok: tempfile-mktemp
    fd, scratch = tempfile.mkstemp(suffix=".json", dir=".")
    with os.fdopen(fd, "w") as fh:
        json.dump(summary, fh, indent=2)
    os.replace(scratch, "report.json")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="pipeline.yml")
    parser.add_argument("--exports", default="exports/")
    args = parser.parse_args()
    config = load_config_safe(args.config)
    features = load_cached_features()
    if features is None:
        raw = load_raw_exports(args.exports)
        features = raw.groupby("customer_id").agg(config.get("aggregations", "mean"))
        save_cached_features(features)
    write_report({"rows": len(features), "finished_at": pd.Timestamp.now().isoformat()})


if __name__ == "__main__":
    main()
