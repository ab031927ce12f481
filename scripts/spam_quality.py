"""Print 5-fold CV metrics and leave-one-family-out results on the built-in spam corpus.

Run: .venv/bin/python scripts/spam_quality.py [--splits N]

With ``--splits N`` the cross-validation is repeated on N different fold assignments
(random_state 0 .. N-1), the first one printed in full: a cut-off at 1% false positives
rests on about twenty ham, so one split can flatter or wrong the model.
The sentence encoder's second opinion is on unless COMMENTSVC_SPAM_SEMANTIC=false.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from commentsvc.spam import cross_validate, leave_one_family_out, load_corpus
from commentsvc.spam.corpus import Corpus
from commentsvc.spam.evaluation import metrics_from_scores

TARGETS = {"f1": (">=", 0.95), "false_positive_rate": ("<=", 0.01)}


def progress(step: str, done: int, total: int) -> None:
    """Show progress on stderr so stdout stays a clean report."""
    print(f"\r{step}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr)


def print_cross_validation(result: dict) -> None:  # type: ignore[type-arg]
    """Mean-of-folds and pooled metrics, with the targets."""
    cutoffs = ", ".join(f"{fold['threshold']:.3f}" for fold in result["folds"])
    print("== Stratified 5-fold cross-validation (each model's learned threshold) ==")
    print(f"{'thresholds':>22}: {cutoffs}")
    for name, mean in result["mean"].items():
        pooled = result["pooled"][name]
        target = TARGETS.get(name)
        goal = f"   target {target[0]} {target[1]}" if target else ""
        print(f"{name:>22}: mean {mean:.4f}   pooled {pooled:.4f}{goal}")
    (tn, fp), (fn, tp) = result["pooled"]["confusion_matrix"]
    print(f"{'pooled confusion':>22}: tn={tn} fp={fp} fn={fn} tp={tp}")


def print_fixed_threshold(result: dict, labels: list[str]) -> None:  # type: ignore[type-arg]
    """The same out-of-fold scores cut at 0.5, for comparison."""
    y = np.array([label == "spam" for label in labels], dtype=int)
    at_half = metrics_from_scores(y, np.asarray(result["pooled_scores"]), 0.5)
    print("\n== The same out-of-fold scores at threshold 0.5 ==")
    names = ("precision", "recall", "f1", "false_positive_rate")
    print("  " + "   ".join(f"{name} {at_half[name]:.4f}" for name in names))


def print_routing_view(result: dict, labels: list[str]) -> None:  # type: ignore[type-arg]
    """What a site's fixed spam threshold of 0.9 and the default ham threshold 0.2 would do."""
    scores = np.asarray(result["pooled_scores"])
    spam = np.array([label == "spam" for label in labels])
    print("\n== Out-of-fold scores at a fixed spam threshold 0.9 and ham threshold 0.2 ==")
    print(
        f"  auto-spam (p >= 0.9): {np.mean(scores[spam] >= 0.9):.3f} of spam, "
        f"{np.mean(scores[~spam] >= 0.9):.4f} of ham"
    )
    print(
        f"  likely ham (p <= 0.2): {np.mean(scores[~spam] <= 0.2):.3f} of ham, "
        f"{np.mean(scores[spam] <= 0.2):.4f} of spam"
    )


def print_family_results(result: dict[str, dict[str, float]]) -> None:
    """Per-family recall on an unseen spam family, and FPR on held-out ham."""
    print("\n== Leave-one-family-out (family unseen in training; 20% of ham held out) ==")
    print("   (recall and ham FPR at each model's learned threshold, then at 0.5)")
    print(f"{'family':>16} {'n_spam':>7} {'recall':>8} {'ham FPR':>8} {'@0.5':>7} {'@0.5':>7}")
    for family, row in sorted(result.items(), key=lambda item: item[1]["recall"]):
        recall, fpr = row["recall"], row["false_positive_rate"]
        half = f"{row['recall_at_half']:>7.3f} {row['false_positive_rate_at_half']:>7.3f}"
        print(f"{family:>16} {row['n_spam']:>7} {recall:>8.3f} {fpr:>8.3f} {half}")


def print_other_splits(corpus: Corpus, splits: int) -> None:
    """Headline metrics of the same cross-validation on other fold assignments."""
    if splits < 2:
        return
    print("\n== The same cross-validation on other fold assignments ==")
    for seed in range(1, splits):
        pooled = cross_validate(corpus.samples, corpus.labels, random_state=seed)["pooled"]
        names = ("f1", "false_positive_rate", "precision", "recall", "recall_at_1pct_fpr")
        print(f"  random_state {seed}: " + "   ".join(f"{n} {pooled[n]:.4f}" for n in names))


def main() -> None:
    """Load the corpus and print both evaluations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=1, help="fold assignments to run")
    args = parser.parse_args()
    corpus = load_corpus()
    counts = {label: corpus.labels.count(label) for label in ("spam", "ham")}
    print(f"corpus: {len(corpus)} comments {counts}, {len(corpus.family_counts())} families\n")
    start = time.perf_counter()
    cv = cross_validate(corpus.samples, corpus.labels, progress=progress)
    print_cross_validation(cv)
    print_fixed_threshold(cv, corpus.labels)
    print_routing_view(cv, corpus.labels)
    print_other_splits(corpus, args.splits)
    families = leave_one_family_out(
        corpus.samples, corpus.labels, corpus.families, progress=progress
    )
    print_family_results(families)
    print(f"\n(total {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
