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

from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from commentsvc.spam import (  # noqa: E402
    CommentSample,
    RuleConfig,
    load_corpus,
    load_model,
    save_model,
    score,
    train,
)
from commentsvc.spam.scoring import clear_word_caches  # noqa: E402

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
    samples, labels = augment(corpus.samples, corpus.labels, TRAIN_SIZE)
    texts = [s.text for s in samples]
    start = time.perf_counter()
    model = train(samples, labels)
    ours_train = time.perf_counter() - start
    start = time.perf_counter()
    baseline = make_pipeline(CountVectorizer(), LogisticRegression(max_iter=2000)).fit(
        texts, labels
    )
    base_train = time.perf_counter() - start
    # Score as a freshly started worker does: the model loaded from disk, caches empty.
    with tempfile.TemporaryDirectory() as folder:
        model = load_model(save_model(model, Path(folder) / "model.skops"))
    clear_word_caches()
    probe = corpus.samples
    config = RuleConfig()
    ours = per_call_times(lambda i: score(model, probe[i % len(probe)], config), SCORE_ROUNDS)
    base = per_call_times(
        lambda i: baseline.predict_proba([probe[i % len(probe)].text]), SCORE_ROUNDS
    )
    print(f"corpus {len(corpus)} comments, resampled to {TRAIN_SIZE} for training; one thread\n")
    (om, op), (bm, bp) = summary(ours), summary(base)
    row("score one comment, median", om, bm, "ms")
    row("score one comment, p95", op, bp, "ms")
    row(f"train on {TRAIN_SIZE} comments", ours_train, base_train, "s ")
    print(
        "\nours = score(): rules + offensive lexicon + features + stacked model + top-5 "
        "explanation;\nbaseline = CountVectorizer(words) + LogisticRegression.predict_proba"
    )


if __name__ == "__main__":
    with threadpool_limits(limits=1):
        main()
