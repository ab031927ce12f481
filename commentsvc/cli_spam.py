"""The `commentsvc spam` commands and the background worker."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from . import classifier, jobs, training
from .labelled_csv import CsvError, LabelledData, read_labelled_csv
from .spam import CommentSample, PromotionResult, evaluate, score

METRIC_KEYS = (
    "precision",
    "recall",
    "f1",
    "mcc",
    "roc_auc",
    "false_positive_rate",
    "recall_at_1pct_fpr",
    "n",
)


# Where each training step starts on the bar, and its share of it: the out-of-fold base
# models ("calibration") and the tree fits that learn the threshold take most of the time.
TRAINING_STEPS = {
    "features": (0, 10),
    "calibration": (10, 40),
    "threshold": (50, 40),
    "fit": (90, 5),
    "evaluate": (95, 5),
}


@click.group("spam", cls=AppGroup)
def spam() -> None:
    """Train, evaluate and inspect the spam filter."""


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[str, int, int], None]]:
    """A click progress bar fed by the trainer's progress(step, done, total) callback."""
    with click.progressbar(length=100, label=label, file=sys.stderr) as bar:
        state = {"shown": 0}

        def update(step: str, done: int, total: int) -> None:
            start, share = TRAINING_STEPS.get(step, (0, 100))
            target = start + (int(share * done / total) if total else share)
            bar.label = f"{label}: {step}"
            if target > state["shown"]:
                bar.update(target - state["shown"])
                state["shown"] = target

        yield update


def _print_result(result: PromotionResult) -> None:
    """Say what training produced and whether it is now in use."""
    verdict = "promoted" if result.promoted else "kept the current model"
    click.echo(f"model {result.candidate_version}: {verdict} ({result.reason})")
    click.echo(_metric_line(result.candidate_metrics))
    click.echo(f"report: {training.report_folder(result.candidate_version)}")


def _metric_line(metrics: dict[str, Any]) -> str:
    """Metrics on one line."""
    return ", ".join(
        f"{k} {metrics[k]:.3f}" if isinstance(metrics[k], float) else f"{k} {metrics[k]}"
        for k in METRIC_KEYS
        if k in metrics
    )


def _read(path: Path) -> LabelledData:
    """A labelled CSV, or a clean usage error."""
    try:
        return read_labelled_csv(path)
    except CsvError as exc:
        raise click.ClickException(str(exc)) from exc


@spam.command("retrain")
@click.option("--force", is_flag=True, help="Promote even if the new model scores worse.")
def retrain_command(force: bool) -> None:
    """Train on the built-in corpus plus moderator decisions; promote if not worse."""
    with progress_bar("training") as progress:
        result = training.retrain(force=force, progress=progress)
    _print_result(result)


@spam.command("train")
@click.option("--data", "data_path", type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--replace", is_flag=True, help="Train on this file alone, without the corpus.")
@click.option("--force", is_flag=True, help="Promote even if the new model scores worse.")
def train_command(data_path: Path, replace: bool, force: bool) -> None:
    """Train on a labelled CSV (columns text,label[,author,email,website,article])."""
    extra = _read(data_path)
    with progress_bar("training") as progress:
        result = training.retrain(extra, replace=replace, force=force, progress=progress)
    _print_result(result)


@spam.command("evaluate")
@click.option("--data", "data_path", type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate_command(data_path: Path, as_json: bool) -> None:
    """Score the current model on a labelled CSV and print its metrics."""
    data = _read(data_path)
    model = classifier.current_model()
    if model is None:
        raise click.ClickException("no spam model is loaded; run `commentsvc spam retrain`")
    metrics = evaluate(model, data.samples, data.labels)
    if as_json:
        click.echo(json.dumps({k: metrics[k] for k in METRIC_KEYS}))
        return
    click.echo(f"model {model.version} on {data_path} ({metrics['n']} comments)")
    click.echo(_metric_line(metrics))
    click.echo(f"spam from probability {metrics['threshold']:.3f} (the model's threshold)")
    (tn, fp), (fn, tp) = metrics["confusion_matrix"]
    click.echo("confusion matrix   predicted ham  predicted spam")
    click.echo(f"  actual ham       {tn:>13}  {fp:>14}")
    click.echo(f"  actual spam      {fn:>13}  {tp:>14}")


@spam.command("score")
@click.option("--text", required=True)
@click.option("--author", default="")
@click.option("--website", default="")
@click.option("--email-domain", default="")
def score_command(text: str, author: str, website: str, email_domain: str) -> None:
    """Print the spam probability of a comment and the reasons behind it."""
    sample = CommentSample(text, author=author, website=website, email_domain=email_domain)
    verdict = score(classifier.current_model(), sample)
    shown = "n/a (rules only)" if verdict.probability is None else f"{verdict.probability:.3f}"
    click.echo(f"spam probability: {shown}  model: {verdict.model_version or 'none'}")
    for reason in verdict.reasons:
        weight = "" if reason.weight is None else f" {reason.weight:+.3f}"
        action = f" -> {reason.action}" if reason.action else ""
        click.echo(f"  {reason.kind}: {reason.name}{weight}{action} {reason.detail}".rstrip())


@spam.command("rollback")
def rollback_command() -> None:
    """Restore the previously promoted model."""
    models = classifier.registry()
    with models.lock():
        restored = models.rollback()
    if restored is None:
        raise click.ClickException("there is no earlier model to roll back to")
    click.echo(f"current model is now {restored}")


@spam.command("purge")
def purge_command() -> None:
    """Delete spam older than the configured retention now."""
    click.echo(f"{jobs.purge_old_spam()} spam comments deleted")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the background worker (retraining, purges) with RQ's scheduler."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not burst:
        jobs.schedule_purge(delay=timedelta(0))
    jobs.make_worker(app).work(burst=burst, with_scheduler=not burst)
