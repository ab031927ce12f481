"""CommentFeaturizer: the scikit-learn transformer from CommentSample to a sparse matrix.

It keeps explicit vocabularies (not hashing) so every column has a name, which
makes explanations a cheap lookup.  Vocabularies are stored as numpy string
arrays: compact in a skops file, and turned into dicts lazily after loading.
"""

from __future__ import annotations

import heapq
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from .features import META_FEATURES, GramPiece, SampleSignals, extract_signals, piece_ngrams
from .sample import CommentSample

SparseRow = tuple[np.ndarray, np.ndarray]


class CommentFeaturizer(TransformerMixin, BaseEstimator):
    """Map CommentSamples to [meta | tokens | char n-grams] columns, each block L2-normalised.

    Args:
        min_df: a token or n-gram must occur in this many training comments.
        max_tokens: cap on the token vocabulary (most frequent kept).
        max_char_ngrams: cap on the character n-gram vocabulary.
        char_weight: norm of the char n-gram block relative to the word block (1.0).
        context_weight: norm of the prefixed context tokens ("domain:", "author:", ...),
            normalised on their own so they cannot crowd out the words of a short comment.
        meta_weight: scale of the numeric meta features.
        min_meta_support: a meta feature must be non-zero in this many training comments;
            rarer ones are dropped, so three odd rows cannot give "empty author" a big weight.
        keep_meta: meta features kept however rare (those that mark certain spam).
    """

    def __init__(
        self,
        min_df: int = 2,
        max_tokens: int = 40000,
        max_char_ngrams: int = 60000,
        char_weight: float = 2.0,
        context_weight: float = 0.5,
        meta_weight: float = 1.0,
        min_meta_support: int = 10,
        min_block_terms: int = 10,
        keep_meta: tuple[str, ...] = (),
    ):
        self.keep_meta = keep_meta
        self.min_block_terms = min_block_terms
        self.min_meta_support = min_meta_support
        self.min_df = min_df
        self.char_weight = char_weight
        self.context_weight = context_weight
        self.meta_weight = meta_weight
        self.max_tokens = max_tokens
        self.max_char_ngrams = max_char_ngrams

    def fit(self, samples: Sequence[CommentSample], y: Any = None) -> CommentFeaturizer:
        """Learn the token and char n-gram vocabularies from training samples."""
        signals = [extract_signals(s) for s in samples]
        support = Counter(name for s in signals for name in s.meta)
        self.meta_kept_ = np.array(
            [support[n] >= self.min_meta_support or n in self.keep_meta for n in META_FEATURES],
            dtype=bool,
        )
        self.__dict__.pop("_lookup_cache", None)
        self.__dict__.pop("_piece_cache", None)
        self.tokens_ = self._vocabulary((s.tokens for s in signals), self.max_tokens)
        self.char_ngrams_ = self._vocabulary((s.char_ngrams for s in signals), self.max_char_ngrams)
        self.n_features_out_ = len(META_FEATURES) + len(self.tokens_) + len(self.char_ngrams_)
        return self

    def _vocabulary(self, documents: Iterable[list[str]], limit: int) -> np.ndarray:
        """Terms with document frequency >= min_df, the `limit` most frequent, sorted."""
        frequency: Counter[str] = Counter()
        for terms in documents:
            frequency.update(set(terms))
        # Ties at the limit are broken by a stable hash: most_common() keeps the first seen,
        # an order that follows set iteration and so the process's hash seed; the term itself
        # would drop whole alphabet ranges and every host n-gram ("~" sorts last).
        common = [t for t, n in frequency.items() if n >= self.min_df]
        kept = heapq.nsmallest(limit, common, key=lambda t: (-frequency[t], _stable_hash(t), t))
        return np.array(sorted(kept), dtype=str)

    def block_columns(self) -> list[np.ndarray]:
        """Column indices of the word, context-token and character n-gram blocks."""
        start = len(META_FEATURES)
        tokens = np.arange(start, start + len(self.tokens_))
        is_context = np.char.find(self.tokens_.astype(str), ":") >= 0
        chars = np.arange(start + len(self.tokens_), self.n_features_out_)
        return [tokens[~is_context], tokens[is_context], chars]

    def transform(self, samples: Sequence[CommentSample]) -> sp.csr_matrix:
        """Vectorise samples into a CSR matrix of shape (n_samples, n_features_out_)."""
        rows = [self.vectorize_one(s) for s in samples]
        indptr = np.cumsum([0] + [len(idx) for idx, _ in rows])
        indices = np.concatenate([idx for idx, _ in rows]) if rows else np.empty(0, np.int64)
        values = np.concatenate([val for _, val in rows]) if rows else np.empty(0)
        shape = (len(rows), self.n_features_out_)
        return sp.csr_matrix((values, indices, indptr), shape=shape)

    def vectorize_one(self, sample: CommentSample) -> SparseRow:
        """Column indices and values of one sample (the fast scoring path)."""
        return self.vectorize_signals(extract_signals(sample))

    def vectorize_signals(self, signals: SampleSignals) -> SparseRow:
        """Look up already-extracted signals in the vocabularies."""
        token_index, char_index = self._lookups()
        kept = self.meta_kept_
        meta = sorted(
            (_META_INDEX[name], value)
            for name, value in signals.meta.items()
            if kept[_META_INDEX[name]]
        )
        idx = [i for i, _ in meta]
        val = [v * self.meta_weight for _, v in meta]
        words = [t for t in signals.tokens if ":" not in t]
        context = [t for t in signals.tokens if ":" in t]
        _append_block(idx, val, _known(words, token_index), 1.0, self.min_block_terms)
        _append_block(idx, val, _known(context, token_index), self.context_weight)
        grams = self._gram_columns(signals.gram_pieces, char_index)
        _append_block(idx, val, grams, self.char_weight, 8 * self.min_block_terms)
        columns = np.asarray(idx, dtype=np.int64)
        order = np.argsort(columns, kind="stable")
        return columns[order], np.asarray(val, dtype=np.float64)[order]

    def count_known_words(self, signals: SampleSignals) -> tuple[int, int]:
        """(words, words in the vocabulary) of the text: how much of it the model can read."""
        token_index, _ = self._lookups()
        plain = [t for t in signals.tokens if ":" not in t and " " not in t]
        return len(plain), sum(t in token_index for t in plain)

    def _gram_columns(self, pieces: list[GramPiece], char_index: dict[str, int]) -> set[int]:
        """Columns of the known n-grams of all pieces; word-sized pieces are cached (they recur)."""
        cache: dict[GramPiece, frozenset[int]] = self.__dict__.setdefault("_piece_cache", {})
        columns: set[int] = set()
        for piece in pieces:
            known = cache.get(piece)
            if known is None:
                known = frozenset(_known(piece_ngrams(piece), char_index))
                if len(piece[1]) <= MAX_CACHED_WORD:
                    if len(cache) >= PIECE_CACHE_SIZE:
                        cache.clear()  # crude but bounded; refilling costs well under a second
                    cache[piece] = known
            columns |= known
        return columns

    def _lookups(self) -> tuple[dict[str, int], dict[str, int]]:
        """Term -> column dicts, built once per process from the stored arrays."""
        cached = self.__dict__.get("_lookup_cache")
        if cached is None:
            tokens_start = len(META_FEATURES)
            chars_start = tokens_start + len(self.tokens_)
            cached = (
                {str(t): tokens_start + i for i, t in enumerate(self.tokens_)},
                {str(t): chars_start + i for i, t in enumerate(self.char_ngrams_)},
            )
            self.__dict__["_lookup_cache"] = cached
        return cached

    def feature_name(self, column: int) -> str:
        """Human-readable name of one column, e.g. "domain:bit.ly" or "char:'agr'"."""
        if column < len(META_FEATURES):
            return f"meta:{META_FEATURES[column]}"
        column -= len(META_FEATURES)
        if column < len(self.tokens_):
            token = str(self.tokens_[column])
            return token if ":" in token else f"word:{token}"
        return f"char:'{self.char_ngrams_[column - len(self.tokens_)]}'"

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """All column names, in column order."""
        return np.array([self.feature_name(i) for i in range(self.n_features_out_)], dtype=object)

    def __getstate__(self) -> dict[str, Any]:
        """Drop the lookup cache: it is rebuilt on demand and would bloat the saved file."""
        state = dict(super().__getstate__())
        state.pop("_lookup_cache", None)
        state.pop("_piece_cache", None)
        return state


def _stable_hash(term: str) -> int:
    """The same number for a term in every process (unlike hash())."""
    return zlib.crc32(term.encode())


_META_INDEX = {name: i for i, name in enumerate(META_FEATURES)}
# About 60 MB at most per process; longer "words" (URLs, mashes) are rare and not cached.
PIECE_CACHE_SIZE = 50_000
MAX_CACHED_WORD = 32


def _known(terms: list[str], index: dict[str, int]) -> set[int]:
    """Columns of the terms found in a vocabulary."""
    known = set(map(index.get, terms))
    known.discard(None)
    return known  # type: ignore[return-value]


def _append_block(
    idx: list[int], val: list[float], known: set[int], norm: float, floor: int = 1
) -> None:
    """Add binary indicators for one block's known columns, scaled to L2 norm `norm`."""
    if known:
        weight = norm / max(len(known), floor) ** 0.5
        idx.extend(known)
        val.extend([weight] * len(known))
