"""Identicons drawn from the keyed avatar seed: no email, and nothing to look up elsewhere."""

from __future__ import annotations

import re

SEED_PATTERN = re.compile(r"[0-9a-f]{8,64}")
GRID = 5
CELL = 8


def is_seed(value: str) -> bool:
    """True for the hex seeds we hand out."""
    return bool(SEED_PATTERN.fullmatch(value))


def _cells(seed: str) -> list[tuple[int, int]]:
    """Filled cells of a left-right mirrored 5x5 grid, chosen by the seed's bits."""
    bits = int(seed[:8], 16)
    cells = []
    for row in range(GRID):
        for col in range((GRID + 1) // 2):
            if bits >> (row * 3 + col) & 1:
                cells.append((row, col))
                cells.append((row, GRID - 1 - col))
    return sorted(set(cells))


def identicon_svg(seed: str) -> str:
    """An SVG identicon for a seed."""
    hue = int(seed[-6:], 16) % 360
    size = GRID * CELL
    rects = "".join(
        f'<rect x="{c * CELL}" y="{r * CELL}" width="{CELL}" height="{CELL}"/>'
        for r, c in _cells(seed)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}"><rect width="{size}" height="{size}" fill="#f0f0f0"/>'
        f'<g fill="hsl({hue},55%,50%)">{rects}</g></svg>'
    )
