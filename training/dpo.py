#!/usr/bin/env python3
"""DPO fine-tuning on the preference pairs written by `sosecure selfplay`.

    python3 training/dpo.py pairs.jsonl                      # train with training/config.toml
    python3 training/dpo.py pairs.jsonl --config my.toml --output-dir runs/round-2
    python3 training/dpo.py --validate-only pairs.jsonl      # check the file; imports no ML library

Validation runs before every training run too: a pairs file with one bad line trains nothing.
See training/README.md for the whole loop.
"""

import argparse
import json
import re
import sys
from collections import Counter

REQUIRED_STRINGS = ("prompt", "chosen", "rejected", "task_id", "cwe", "rule")
REQUIRED_INTEGERS = ("line", "round")
KINDS = ("continuation", "whole-function")
CWE_PATTERN = re.compile(r"^CWE-[0-9]+$")
MAX_REPORTED_PROBLEMS = 50


def is_integer(value):
    # JSON true/false arrive as bool, which Python counts as int: they are not line numbers.
    return isinstance(value, int) and not isinstance(value, bool)


def line_count(text):
    return len(text.splitlines())


def check_pair(pair):
    """The problems of one decoded line, each as (field or None, message)."""
    if not isinstance(pair, dict):
        return [(None, "expected a JSON object")]
    problems = []
    for field in REQUIRED_STRINGS:
        if field not in pair:
            problems.append((field, "missing (expected a string)"))
        elif not isinstance(pair[field], str):
            problems.append((field, "expected a string"))
        elif not pair[field].strip():
            problems.append((field, "must not be empty"))
    for field in REQUIRED_INTEGERS:
        if field not in pair:
            problems.append((field, "missing (expected an integer)"))
        elif not is_integer(pair[field]):
            problems.append((field, "expected an integer"))
        elif pair[field] < 1:
            problems.append((field, "must be at least 1"))
    if problems:
        return problems

    kind = pair.get("kind", "continuation")
    if kind not in KINDS:
        problems.append(("kind", "expected one of: " + ", ".join(KINDS)))
    if pair["chosen"] == pair["rejected"]:
        problems.append(("rejected", "is identical to chosen"))
    if not CWE_PATTERN.match(pair["cwe"]):
        problems.append(("cwe", "expected a CWE id such as CWE-89"))
    if "finding_line" in pair:
        if not is_integer(pair["finding_line"]) or pair["finding_line"] < 1:
            problems.append(("finding_line", "expected an integer of at least 1"))
    # The divergence line must fit the texts: a continuation prompt holds the lines before it, and
    # both whole programs reach it.
    if kind == "continuation" and line_count(pair["prompt"]) < pair["line"] - 1:
        problems.append(("line", "line %d but the prompt has only %d lines of code before it"
                         % (pair["line"], line_count(pair["prompt"]))))
    if kind == "whole-function":
        for side in ("chosen", "rejected"):
            if line_count(pair[side]) < pair["line"]:
                problems.append(("line", "line %d is past the end of %s (%d lines)"
                                 % (pair["line"], side, line_count(pair[side]))))
    return problems


def validate(path):
    """Reads and checks a pairs file. Returns (pairs, problems); problems name file and line."""
    pairs = []
    problems = []
    try:
        with open(path, "r", encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except (OSError, UnicodeDecodeError) as error:
        return [], ["%s: cannot read the pairs file (%s)" % (path, error)]
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            pair = json.loads(text)
        except json.JSONDecodeError as error:
            problems.append("%s:%d: invalid JSON (%s)" % (path, number, error.msg))
            continue
        found = check_pair(pair)
        for field, message in found:
            where = "%s:%d" % (path, number)
            problems.append("%s: field '%s': %s" % (where, field, message) if field else "%s: %s" % (where, message))
        if not found:
            pairs.append(pair)
    if not pairs and not problems:
        problems.append("%s: holds no pairs" % path)
    return pairs, problems


def report(path, pairs, problems):
    if problems:
        for problem in problems[:MAX_REPORTED_PROBLEMS]:
            print("error: " + problem, file=sys.stderr)
        if len(problems) > MAX_REPORTED_PROBLEMS:
            print("error: ... and %d more" % (len(problems) - MAX_REPORTED_PROBLEMS), file=sys.stderr)
        return False
    per_cwe = Counter(pair["cwe"] for pair in pairs)
    kinds = Counter(pair.get("kind", "continuation") for pair in pairs)
    rounds = sorted(set(pair["round"] for pair in pairs))
    print("%s: %d pairs OK (%s; %s; rounds %s)" % (
        path, len(pairs),
        ", ".join("%s: %d" % item for item in sorted(per_cwe.items(), key=lambda item: (-item[1], item[0]))),
        ", ".join("%s: %d" % item for item in sorted(kinds.items())),
        ", ".join(str(value) for value in rounds)))
    return True


def load_config(path):
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10 and older
        import tomli as tomllib
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def known_fields(config_class, values, section):
    """The values the installed TRL's config class accepts; the rest are reported and skipped."""
    import dataclasses
    names = {field.name for field in dataclasses.fields(config_class)}
    accepted = {key: value for key, value in values.items() if key in names}
    for key in sorted(set(values) - names):
        print("warning: [%s] %s is not known to this TRL release; skipped" % (section, key), file=sys.stderr)
    return accepted


def train(pairs, config, output_dir):
    # Imported here so --validate-only works on machines without the ML stack.
    import inspect
    import torch
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import DPOConfig, DPOTrainer

    data = config.get("data", {})
    kind = data.get("kind", "all")
    rows = [{"prompt": p["prompt"], "chosen": p["chosen"], "rejected": p["rejected"]}
            for p in pairs if kind == "all" or p.get("kind", "continuation") == kind]
    if not rows:
        raise SystemExit("error: no pairs of kind '%s' to train on" % kind)
    dataset = Dataset.from_list(rows).shuffle(seed=data.get("seed", 17))
    eval_fraction = float(data.get("eval_fraction", 0))
    eval_dataset = None
    if eval_fraction > 0 and len(rows) >= 20:
        split = dataset.train_test_split(test_size=eval_fraction, seed=data.get("seed", 17))
        dataset, eval_dataset = split["train"], split["test"]

    model_section = config.get("model", {})
    name = model_section["name"]
    dtype_name = model_section.get("dtype", "auto")
    dtype = "auto" if dtype_name == "auto" else getattr(torch, dtype_name)
    tokenizer = AutoTokenizer.from_pretrained(name)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(name, torch_dtype=dtype)

    peft_config = None
    lora = config.get("lora", {})
    if lora.get("enabled", False):
        from peft import LoraConfig
        peft_config = LoraConfig(r=lora.get("r", 16), lora_alpha=lora.get("alpha", 32),
                                 lora_dropout=lora.get("dropout", 0.05),
                                 target_modules=lora.get("target_modules"), task_type="CAUSAL_LM")

    settings = dict(config.get("dpo", {}))
    if output_dir:
        settings["output_dir"] = output_dir
    if eval_dataset is not None:
        settings.setdefault("eval_strategy", "epoch")
    arguments = DPOConfig(**known_fields(DPOConfig, settings, "dpo"))

    trainer_parameters = inspect.signature(DPOTrainer.__init__).parameters
    # TRL renamed `tokenizer` to `processing_class` (0.12); pass whichever this release takes.
    tokenizer_argument = "processing_class" if "processing_class" in trainer_parameters else "tokenizer"
    trainer = DPOTrainer(model=model, ref_model=None, args=arguments, train_dataset=dataset,
                         eval_dataset=eval_dataset, peft_config=peft_config, **{tokenizer_argument: tokenizer})
    trainer.train()
    trainer.save_model(arguments.output_dir)
    tokenizer.save_pretrained(arguments.output_dir)
    print("saved the trained model to %s" % arguments.output_dir)


def main(argv=None):
    parser = argparse.ArgumentParser(description="DPO on sosecure selfplay pairs (Hugging Face TRL).")
    parser.add_argument("pairs", help="pairs.jsonl written by `sosecure selfplay --out`")
    parser.add_argument("--validate-only", action="store_true",
                        help="check the pairs file and exit (0 valid, 1 invalid); imports no ML library")
    parser.add_argument("--config", default=None, help="recipe file (default: config.toml beside this script)")
    parser.add_argument("--output-dir", default=None, help="overrides [dpo] output_dir")
    args = parser.parse_args(argv)

    pairs, problems = validate(args.pairs)
    if not report(args.pairs, pairs, problems):
        return 1
    if args.validate_only:
        return 0
    import os
    config_path = args.config or os.path.join(os.path.dirname(os.path.abspath(__file__)), "config.toml")
    train(pairs, load_config(config_path), args.output_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
