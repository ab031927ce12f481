"""Write an evaluation report: report.json, report.md and a precision-recall curve PNG."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import precision_recall_curve

from .evaluation import metrics_from_scores
from .model import Label, TrainedModel, to_binary
from .persistence import atomic_write
from .png import unit_square_chart
from .sample import CommentSample

EvalData = tuple[Sequence[CommentSample], Sequence[Label]]


def write_report(model: TrainedModel, eval_data: EvalData, out_dir: str | Path) -> dict[str, Path]:
    """Evaluate ``model`` on (samples, labels) and write the report files into ``out_dir``.

    Returns {"json": ..., "markdown": ..., "pr_curve": ...} paths.
    """
    samples, labels = eval_data
    y = to_binary(labels)
    scores = model.predict_proba(samples)
    metrics = metrics_from_scores(y, scores, model.threshold)
    precision, recall, _ = precision_recall_curve(y, scores)
    folder = Path(out_dir)
    paths = {
        "json": folder / "report.json",
        "markdown": folder / "report.md",
        "pr_curve": folder / "pr_curve.png",
    }
    document = {"model": _model_facts(model), "metrics": metrics}
    atomic_write(paths["json"], json.dumps(document, indent=2).encode())
    atomic_write(paths["pr_curve"], unit_square_chart(recall, precision, "RECALL", "PRECISION"))
    atomic_write(paths["markdown"], _markdown(document).encode())
    return paths


def _model_facts(model: TrainedModel) -> dict[str, Any]:
    """Identifying metadata of the model for the report."""
    meta = model.metadata
    return {
        "version": meta.version,
        "created_at": meta.created_at,
        "n_samples": meta.n_samples,
        "label_counts": meta.label_counts,
        "sklearn_version": meta.sklearn_version,
    }


def _markdown(document: dict[str, Any]) -> str:
    """Human-readable rendering of the report."""
    facts, metrics = document["model"], document["metrics"]
    (tn, fp), (fn, tp) = metrics["confusion_matrix"]
    rows = [
        f"| {name} | {value:.4f} |" for name, value in metrics.items() if isinstance(value, float)
    ]
    return "\n".join(
        [
            f"# Spam model report: {facts['version']}",
            "",
            f"Trained {facts['created_at']} on {facts['n_samples']} comments "
            f"{facts['label_counts']} with scikit-learn {facts['sklearn_version']}.",
            f"Evaluated on {metrics['n']} comments; point metrics at the model's threshold "
            f"{metrics['threshold']:.3f}.",
            "",
            "| metric | value |",
            "| --- | --- |",
            *rows,
            "",
            "Confusion matrix (rows: true ham, true spam; columns: predicted ham, spam):",
            "",
            "| | predicted ham | predicted spam |",
            "| --- | --- | --- |",
            f"| ham | {tn} | {fp} |",
            f"| spam | {fn} | {tp} |",
            "",
            "![precision-recall curve](pr_curve.png)",
            "",
        ]
    )
