"""Training the spam model on the built-in corpus plus what this server's moderators decided."""

from __future__ import annotations

import hashlib
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import redis
import sqlalchemy as sa
from flask import current_app

from . import classifier, privacy
from .extensions import db
from .labelled_csv import LabelledData
from .models import Comment, CommentStatus, ModerationEvent
from .redis_store import get_redis, key
from .spam import (
    CommentSample,
    ModelRegistry,
    PromotionPolicy,
    PromotionResult,
    TrainedModel,
    evaluate,
    load_corpus,
    load_model,
    train,
    train_and_maybe_promote,
    write_report,
)
from .spam.sample import body_key

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
HOLDOUT_SHARE = 0.2
MIN_PER_CLASS_TO_SPLIT = 5
DECISION_LABELS = {CommentStatus.APPROVED: "ham", CommentStatus.SPAM: "spam"}
# "--force": promote whatever the candidate scores.
FORCED = PromotionPolicy(force=True)


def corpus_data() -> LabelledData:
    """The built-in corpus."""
    corpus = load_corpus()
    return LabelledData(list(corpus.samples), list(corpus.labels))


def moderator_labels(site_id: int | None = None) -> LabelledData:
    """Each comment's latest approve or spam decision as a ham or spam label."""
    latest = sa.select(sa.func.max(ModerationEvent.id)).group_by(ModerationEvent.comment_id)
    query = (
        sa.select(ModerationEvent.to_status, Comment)
        .join(Comment, Comment.id == ModerationEvent.comment_id)
        .where(ModerationEvent.id.in_(latest))
        .where(ModerationEvent.to_status.in_(list(DECISION_LABELS)))
        .order_by(ModerationEvent.id)
    )
    if site_id is not None:
        query = query.where(ModerationEvent.site_id == site_id)
    rows = db.session.execute(query).all()
    return LabelledData([_sample(c) for _, c in rows], [DECISION_LABELS[s] for s, _ in rows])


def _sample(comment: Comment) -> CommentSample:
    """A stored comment as a training sample (the email reduced to its domain)."""
    return CommentSample(
        text=comment.body_source,
        author=comment.author_name,
        website=comment.author_website,
        email_domain=privacy.email_domain(comment.email_encrypted),
    )


def training_sets(
    corpus: LabelledData, labels: LabelledData, extra: LabelledData, *, replace: bool
) -> tuple[LabelledData, LabelledData]:
    """Split each source into training and hold-out parts.

    The hold-out always keeps a share of the corpus and of the moderators' labels, so a
    candidate trained on a narrow file is still judged on what this server knows to be true.
    Each moderator label counts once, like a corpus row: repeating labels would leak copies
    into the trainer's own calibration folds and let one author's name into the vocabulary.
    """
    corpus_train, corpus_hold = _split(corpus)
    labels_train, labels_hold = _split(labels)
    extra_train, extra_hold = _split(extra)
    base = extra_train if replace else corpus_train + extra_train
    return base + labels_train, corpus_hold + labels_hold + extra_hold


def _split(data: LabelledData) -> tuple[LabelledData, LabelledData]:
    """Train/hold-out by a stable hash of each body; small or one-class sets all train.

    A body's side never changes as data grows, and copies of one body (a spam campaign, a CSV
    row also in the corpus) always land together, so no model is judged on what it trained on.
    """
    if min(data.labels.count("spam"), data.labels.count("ham")) < MIN_PER_CLASS_TO_SPLIT:
        return data, LabelledData([], [])
    held = [_held_out(sample.text) for sample in data.samples]
    train_idx = [i for i, hold in enumerate(held) if not hold]
    hold_idx = [i for i, hold in enumerate(held) if hold]
    return data.subset(train_idx), data.subset(hold_idx)


def _held_out(text: str) -> bool:
    """Whether a body belongs to the hold-out (about HOLDOUT_SHARE of all bodies)."""
    key = body_key(text).encode()  # copies differing in case or punctuation stay together
    bucket = int.from_bytes(hashlib.sha256(key).digest()[:4], "big") % 1000
    return bucket < HOLDOUT_SHARE * 1000


def default_model(progress: Progress | None = None) -> TrainedModel:
    """The first model: the corpus's training part, judged on its reserved hold-out part.

    The same reserved part judges every later candidate, so promotion compares like with like.
    """
    empty = LabelledData([], [])
    train_data, holdout = training_sets(corpus_data(), empty, empty, replace=False)
    model = train(train_data.samples, train_data.labels, progress=progress)
    return model.with_metrics(evaluate(model, holdout.samples, holdout.labels))


def retrain(
    extra: LabelledData | None = None,
    *,
    replace: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> PromotionResult:
    """Train a candidate on the corpus, moderator labels and extra data; promote if not worse."""
    train_data, holdout = training_sets(
        corpus_data(), moderator_labels(), extra or LabelledData([], []), replace=replace
    )
    policy = FORCED if force else None
    models = classifier.registry()
    with models.lock():  # one training at a time; the pointer is read, then rewritten
        result = train_and_maybe_promote(
            models,
            train_data.samples,
            train_data.labels,
            holdout.samples,
            holdout.labels,
            policy=policy,
            progress=progress,
        )
        _write_report(result.candidate_version, holdout)
        models.prune()
        _drop_orphan_reports(models)
    log.info("spam model %s: %s", result.candidate_version, result.reason)
    return result


def _write_report(version: str, holdout: LabelledData) -> None:
    """Write the candidate's metrics and precision-recall curve beside the model versions."""
    model = load_model(classifier.registry().path_of(version))
    if model is not None:
        write_report(model, (holdout.samples, holdout.labels), report_folder(version))


def _drop_orphan_reports(models: ModelRegistry) -> None:
    """Delete the reports of versions the registry has pruned."""
    kept = set(models.versions())
    folder = Path(current_app.config["MODEL_DIR"]) / "reports"
    for report in folder.glob("*") if folder.is_dir() else []:
        if report.name not in kept:
            shutil.rmtree(report, ignore_errors=True)


def report_folder(version: str) -> Path:
    """Where a version's training report lives."""
    return Path(current_app.config["MODEL_DIR"]) / "reports" / version


def note_label() -> bool:
    """Count one new moderator label; True when enough have gathered to retrain."""
    threshold = int(current_app.config["RETRAIN_AFTER_LABELS"])
    if threshold <= 0:
        return False
    try:
        return int(get_redis().incr(key("labels-since-training"))) >= threshold
    except redis.RedisError as exc:
        log.warning("training: label not counted, Redis unavailable (%s)", exc)
        return False


def reset_label_counter() -> None:
    """Start counting new labels again after a training run."""
    try:
        get_redis().delete(key("labels-since-training"))
    except redis.RedisError as exc:
        log.warning("training: label counter not reset, Redis unavailable (%s)", exc)
