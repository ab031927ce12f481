"""Labelled CSV files for training and evaluation: header with text and label, spam/ham or 1/0."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .spam import CommentSample

LABELS = {"spam": "spam", "1": "spam", "ham": "ham", "0": "ham"}
REQUIRED = ("text", "label")


class CsvError(ValueError):
    """A labelled CSV that cannot be used, with the line that says why."""


@dataclass(frozen=True)
class LabelledData:
    """Samples and their labels, in the same order."""

    samples: list[CommentSample]
    labels: list[str]

    def __add__(self, other: LabelledData) -> LabelledData:
        """Both sets, one after the other."""
        return LabelledData(self.samples + other.samples, self.labels + other.labels)

    def subset(self, indices: list[int]) -> LabelledData:
        """The rows at these positions."""
        return LabelledData([self.samples[i] for i in indices], [self.labels[i] for i in indices])


def read_labelled_csv(path: Path) -> LabelledData:
    """Read a labelled CSV; raise CsvError naming the first bad line."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
            missing = [c for c in REQUIRED if c not in reader.fieldnames]
            if missing:
                raise CsvError(f"{path}: the header needs columns {', '.join(missing)}")
            rows = [_row(path, reader.line_num, row) for row in reader]
    except UnicodeDecodeError as exc:
        raise CsvError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise CsvError(f"{path}: not a readable CSV ({exc})") from exc
    if not rows:
        raise CsvError(f"{path}: no labelled rows")
    return LabelledData([s for s, _ in rows], [label for _, label in rows])


def _row(path: Path, line: int, row: dict[str, str | None]) -> tuple[CommentSample, str]:
    """One row as a sample and its label."""
    label = LABELS.get((row.get("label") or "").strip().lower())
    if label is None:
        raise CsvError(f"{path}:{line}: label must be spam, ham, 1 or 0, not {row.get('label')!r}")
    text = row.get("text") or ""
    if not text.strip():
        raise CsvError(f"{path}:{line}: empty text")
    sample = CommentSample(
        text=text,
        author=row.get("author") or "",
        website=row.get("website") or "",
        email_domain=(row.get("email") or "").rpartition("@")[2].strip().lower(),
    )
    return sample, label
