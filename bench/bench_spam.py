"""Benchmark the spam classifier against plain CountVectorizer + LogisticRegression.

Prints median/p95 time to score one comment (one thread) and training time on
10,000 comments (the built-in corpus resampled with light perturbation).  Scoring starts
as in a newly started worker: the model loaded from disk, the word caches empty, and
each corpus comment scored about once.
Run: .venv/bin/python bench/bench_spam.py
"""

from __future__ import annotations

import os

# One thread everywhere, set before numpy/scipy load their BLAS.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from commentsvc.spam import (  # noqa: E402
    CommentSample,
    RuleConfig,
    TrainedModel,
    load_corpus,
    load_model,
    save_model,
    score,
    train,
)
from commentsvc.spam.corpus import Corpus  # noqa: E402
from commentsvc.spam.folds import grouped_folds  # noqa: E402
from commentsvc.spam.model import to_binary  # noqa: E402
from commentsvc.spam.sample import body_groups  # noqa: E402
from commentsvc.spam.scoring import clear_word_caches  # noqa: E402
from commentsvc.spam.semantic import default_encoder, is_unsure  # noqa: E402

TRAIN_SIZE = 10_000
SCORE_ROUNDS = 3000
SUFFIXES = ("", " thanks", " !!", " :)", " see above", " (edited)", " great")


def augment(samples: list[CommentSample], labels: list[str], size: int) -> tuple[list, list]:
    """Resample to `size` rows, appending a small random suffix so copies differ."""
    rng = random.Random(0)
    picks = [rng.randrange(len(samples)) for _ in range(size)]
    grown = [replace(samples[i], text=samples[i].text + rng.choice(SUFFIXES)) for i in picks]
    return grown, [labels[i] for i in picks]


def per_call_times(function: Callable[[int], object], rounds: int) -> list[float]:
    """Seconds per call of function(i) over `rounds` calls."""
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        function(i)
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    ordered = sorted(times)
    return statistics.median(ordered) * 1e3, ordered[int(0.95 * len(ordered))] * 1e3


def row(label: str, ours: float, baseline: float, unit: str) -> None:
    """One comparison line."""
    print(
        f"{label:<28} ours {ours:8.3f} {unit}   baseline {baseline:8.3f} {unit}   "
        f"ratio {ours / baseline:5.2f}x"
    )


def main() -> None:
    """Run the benchmark and print the comparison."""
    corpus = load_corpus()
    print(f"corpus {len(corpus)} comments, resampled to {TRAIN_SIZE} for training; one thread\n")
    baseline_ms = fast_model_rows(corpus)
    second_opinion_rows(corpus, baseline_ms)
    print(
        "\nours = score(): rules + offensive lexicon + features + stacked model + top-5 "
        "explanation;\nbaseline = CountVectorizer(words) + LogisticRegression.predict_proba"
    )


def fast_model_rows(corpus: Corpus) -> float:
    """The n-gram model alone (as with COMMENTSVC_SPAM_SEMANTIC=0) against the baseline.

    Returns the baseline's median milliseconds to score one comment.
    """
    samples, labels = augment(corpus.samples, corpus.labels, TRAIN_SIZE)
    start = time.perf_counter()
    model = train(samples, labels, semantic=False)
    ours_train = time.perf_counter() - start
    start = time.perf_counter()
    baseline = make_pipeline(CountVectorizer(), LogisticRegression(max_iter=2000))
    baseline.fit([s.text for s in samples], labels)
    base_train = time.perf_counter() - start
    model = reloaded(model)
    probe = corpus.samples
    config = RuleConfig()
    ours = per_call_times(lambda i: score(model, probe[i % len(probe)], config), SCORE_ROUNDS)
    base = per_call_times(
        lambda i: baseline.predict_proba([probe[i % len(probe)].text]), SCORE_ROUNDS
    )
    (om, op), (bm, bp) = summary(ours), summary(base)
    print("-- n-gram model alone --")
    row("score one comment, median", om, bm, "ms")
    row("score one comment, p95", op, bp, "ms")
    row(f"train on {TRAIN_SIZE} comments", ours_train, base_train, "s ")
    return bm


def second_opinion_rows(corpus: Corpus, baseline_ms: float) -> None:
    """The default model, with the sentence encoder, on comments it did not train on."""
    encoder = default_encoder()
    if encoder is None:
        print("\n-- sentence encoder: not installed or switched off, not measured --")
        return
    train_rows, test_rows = grouped_folds(
        to_binary(corpus.labels), body_groups(corpus.samples), 5, 0
    )[0]
    held_in, held_out = corpus.subset(train_rows.tolist()), corpus.subset(test_rows.tolist())
    start = time.perf_counter()
    model = reloaded(train(held_in.samples, held_in.labels))
    seconds = time.perf_counter() - start
    fast = np.asarray(model.pipeline.predict_proba(held_out.samples)[:, 1])
    unsure = is_unsure(fast)
    config = RuleConfig()

    def fresh(i: int) -> object:
        encoder.forget()  # every comment is new to the encoder, as on a live site
        return score(model, held_out.samples[i], config)

    times = np.array(per_call_times(fresh, len(held_out)))
    print(f"\n-- with the sentence encoder (default), {len(held_out)} unseen comments --")
    for label, chosen in (("all", slice(None)), ("encoder ran", unsure), ("skipped", ~unsure)):
        median, p95 = summary(times[chosen].tolist())
        row(f"score, {label}, median", median, baseline_ms, "ms")
        print(f"{'':<28} p95 {p95:8.3f} ms")
    ham = to_binary(held_out.labels) == 0
    print(f"encoder ran on {unsure.mean():.1%} of them ({unsure[ham].mean():.1%} of ham)")
    print(f"train on {len(held_in)} comments (embedding each twice): {seconds:.1f} s")


def reloaded(model: TrainedModel) -> TrainedModel:
    """The model as a newly started worker has it: loaded from disk, word caches empty."""
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_model(save_model(model, Path(folder) / "model.skops"))
    assert loaded is not None
    clear_word_caches()
    return loaded


if __name__ == "__main__":
    with threadpool_limits(limits=1):
        main()
