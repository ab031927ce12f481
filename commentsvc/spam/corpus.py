"""Load the built-in labelled corpus shipped in ``commentsvc/spam/corpus/*.csv``."""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable

from .sample import CommentSample

logger = logging.getLogger(__name__)

CORPUS_PACKAGE = "commentsvc.spam"
CORPUS_FOLDER = "corpus"
COLUMNS = ("text", "label", "family", "author", "website", "email")


@dataclass(frozen=True)
class Corpus:
    """Parallel lists of samples, labels ("spam"/"ham") and family names."""

    samples: list[CommentSample]
    labels: list[str]
    families: list[str]

    def __len__(self) -> int:
        """Number of rows."""
        return len(self.samples)

    def family_counts(self) -> dict[str, int]:
        """Rows per family, largest first."""
        return dict(Counter(self.families).most_common())

    def subset(self, indices: list[int]) -> Corpus:
        """The rows at these positions, in that order."""
        return Corpus(
            [self.samples[i] for i in indices],
            [self.labels[i] for i in indices],
            [self.families[i] for i in indices],
        )


def corpus_files() -> list[Traversable]:
    """The corpus CSV files, sorted by name (works from an installed wheel too)."""
    folder = resources.files(CORPUS_PACKAGE).joinpath(CORPUS_FOLDER)
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith(".csv") and f.is_file()),
        key=lambda f: f.name,
    )


def load_corpus() -> Corpus:
    """Read every corpus CSV; malformed rows (e.g. a half-written last line) are skipped."""
    samples: list[CommentSample] = []
    labels: list[str] = []
    families: list[str] = []
    for file in corpus_files():
        for row in _read_rows(file):
            samples.append(row_to_sample(row))
            labels.append(row["label"].strip().lower())
            families.append(row["family"].strip())
    return Corpus(samples, labels, families)


def _read_rows(file: Traversable) -> list[dict[str, str]]:
    """Valid rows of one CSV file."""
    reader = csv.DictReader(io.StringIO(file.read_text(encoding="utf-8")))
    all_rows = list(reader)
    rows = [row for row in all_rows if _is_valid(row)]
    skipped = len(all_rows) - len(rows)
    if skipped > 0:
        logger.warning("corpus %s: skipped %d malformed rows", file.name, skipped)
    return rows


def _is_valid(row: dict[str, str]) -> bool:
    """A row with all columns, some text and a known label."""
    if any(row.get(column) is None for column in COLUMNS):
        return False
    return bool(row["text"].strip()) and row["label"].strip().lower() in ("spam", "ham")


def row_to_sample(row: dict[str, str]) -> CommentSample:
    """Build a sample from a CSV row; only the e-mail DOMAIN is kept."""
    return CommentSample(
        text=row["text"],
        author=row["author"],
        website=row["website"],
        email_domain=row["email"].rpartition("@")[2],
    )
