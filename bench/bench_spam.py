"""Benchmark the spam classifier against plain CountVectorizer + LogisticRegression.

Prints median/p95 time to score one comment (one thread) and training time on
10,000 comments (four fifths of the built-in corpus resampled with light perturbation),
for the n-gram model alone and with the sentence encoder.  Scoring uses models trained on
those four fifths as they are, as the default model is (the resampled copies would make a
model surer of itself, so fewer comments would need the encoder), and meets the other
fifth, each comment once, as a newly started worker would: the model loaded from disk, the
word caches empty, and every text new to the encoder.  Back to back, the caches of the
CPU stay warm; on a quiet site each comment meets them cold, so the last rows score a
sample of comments each after a pause, ours and the baseline alike.
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
from typing import TypeVar  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import Pipeline, make_pipeline  # noqa: E402
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
from commentsvc.spam.encoder import default_encoder  # noqa: E402
from commentsvc.spam.folds import grouped_folds  # noqa: E402
from commentsvc.spam.model import to_binary  # noqa: E402
from commentsvc.spam.sample import body_groups  # noqa: E402
from commentsvc.spam.scoring import clear_word_caches  # noqa: E402
from commentsvc.spam.semantic import is_unsure  # noqa: E402

T = TypeVar("T")
TRAIN_SIZE = 10_000
SUFFIXES = ("", " thanks", " !!", " :)", " see above", " (edited)", " great")
# A quiet site: comments arrive seconds apart. 50 ms is already enough for cold caches.
PAUSE = 0.05
PAUSED_COMMENTS = 300


def augment(samples: list[CommentSample], labels: list[str], size: int) -> tuple[list, list]:
    """Resample to `size` rows, appending a small random suffix so copies differ."""
    rng = random.Random(0)
    picks = [rng.randrange(len(samples)) for _ in range(size)]
    grown = [replace(samples[i], text=samples[i].text + rng.choice(SUFFIXES)) for i in picks]
    return grown, [labels[i] for i in picks]


def per_call_times(
    function: Callable[[int], object], rounds: int, pause: float = 0.0
) -> list[float]:
    """Seconds per call of function(i) over `rounds` calls, each after `pause` seconds."""
    times = []
    for i in range(rounds):
        if pause:
            time.sleep(pause)
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
    held_in, unseen = split_off_unseen(corpus)
    samples, labels = augment(held_in.samples, held_in.labels, TRAIN_SIZE)
    baseline = make_pipeline(CountVectorizer(), LogisticRegression(max_iter=2000))
    _, base_train = timed(lambda: baseline.fit([s.text for s in samples], labels))
    _, fast_train = timed(lambda: train(samples, labels, semantic=False))
    print(
        f"training: {len(held_in)} corpus comments resampled to {TRAIN_SIZE}; scoring: models "
        f"trained on those {len(held_in)} as they are (like the default model), on the "
        f"{len(unseen)} other comments, each once; one thread\n"
    )
    base = per_call_times(lambda i: baseline.predict_proba([unseen.samples[i].text]), len(unseen))
    baseline_ms = summary(base)
    fast = reloaded(train(held_in.samples, held_in.labels, semantic=False))
    ours = summary(score_times(fast, unseen))
    print("-- n-gram model alone (COMMENTSVC_SPAM_SEMANTIC=false) --")
    row("score one comment, median", ours[0], baseline_ms[0], "ms")
    row("score one comment, p95", ours[1], baseline_ms[1], "ms")
    row(f"train on {TRAIN_SIZE} comments", fast_train, base_train, "s ")
    semantic = None
    if default_encoder() is None:
        print("\n-- sentence encoder: not installed or switched off, not measured --")
    else:
        print("\n-- with the sentence encoder (the default) --")
        semantic = second_opinion_rows(held_in, unseen, baseline_ms)
        _, seconds = timed(lambda: train(samples, labels))
        row(f"train on {TRAIN_SIZE} comments", seconds, base_train, "s ")
    paused_rows(baseline, {"n-gram": fast, "with encoder": semantic}, unseen)
    print(
        "\nours = score(): rules + offensive lexicon + features + stacked model + top-5 "
        "explanation;\nbaseline = CountVectorizer(words) + LogisticRegression.predict_proba"
    )


def second_opinion_rows(
    held_in: Corpus, unseen: Corpus, baseline_ms: tuple[float, float]
) -> TrainedModel:
    """Scoring with the encoder: all comments, those it ran on, those it skipped."""
    model = reloaded(train(held_in.samples, held_in.labels))
    fast = np.asarray(model.pipeline.predict_proba(unseen.samples)[:, 1])
    unsure = is_unsure(fast)
    times = np.array(score_times(model, unseen))
    for label, chosen in (("all", slice(None)), ("encoder ran", unsure), ("skipped", ~unsure)):
        median, p95 = summary(times[chosen].tolist())
        row(f"score, {label}, median", median, baseline_ms[0], "ms")
        row(f"score, {label}, p95", p95, baseline_ms[1], "ms")
    ham = to_binary(unseen.labels) == 0
    print(
        f"the encoder ran on {unsure.mean():.1%} of the comments ({unsure[ham].mean():.1%} of ham);"
        f" mean {times.mean() * 1e3:.1f} ms a comment, {1 / times.mean():.0f} comments/s a core"
    )
    return model


def paused_rows(baseline: Pipeline, models: dict[str, TrainedModel | None], unseen: Corpus) -> None:
    """Medians on a quiet site: each comment after a pause, in a newly loaded worker."""
    sample = unseen.subset(list(range(min(PAUSED_COMMENTS, len(unseen)))))
    print(f"\n-- a quiet site: {len(sample)} comments, each after a {PAUSE * 1e3:.0f} ms pause --")
    texts = [s.text for s in sample.samples]
    base = per_call_times(lambda i: baseline.predict_proba([texts[i]]), len(sample), PAUSE)
    base_median = statistics.median(base) * 1e3
    for label, model in models.items():
        if model is not None:
            times = score_times(reloaded(model), sample, PAUSE)
            row(f"score, {label}, median", statistics.median(times) * 1e3, base_median, "ms")


def split_off_unseen(corpus: Corpus) -> tuple[Corpus, Corpus]:
    """One grouped fold of the corpus held out, so scoring meets comments new to the model."""
    y, groups = to_binary(corpus.labels), body_groups(corpus.samples)
    train_rows, test_rows = grouped_folds(y, groups, 5, 0)[0]
    return corpus.subset(train_rows.tolist()), corpus.subset(test_rows.tolist())


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """What one call returns, and the seconds it took."""
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def score_times(model: TrainedModel, comments: Corpus, pause: float = 0.0) -> list[float]:
    """Seconds of score() per comment, each one new to the encoder as on a live site."""
    config = RuleConfig()
    encoder = default_encoder()

    def fresh(i: int) -> object:
        if encoder is not None:
            encoder.forget()
        return score(model, comments.samples[i], config)

    return per_call_times(fresh, len(comments), pause)


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
