"""A tiny line-chart PNG writer (numpy + zlib), so reports need no plotting library."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

# 3x5 bitmap glyphs, one string of 15 bits per character (row-major).
_GLYPHS = {
    "0": "111101101101111", "1": "010110010010111", "2": "111001111100111",
    "3": "111001111001111", "4": "101101111001001", "5": "111100111001111",
    "6": "111100111101111", "7": "111001001001001", "8": "111101111101111",
    "9": "111101111001111", ".": "000000000000010", " ": "000000000000000",
    "A": "010101111101101", "C": "111100100100111", "E": "111100111100111",
    "I": "111010010010111", "L": "100100100100111", "N": "101111111111101",
    "O": "111101101101111", "P": "111101111100100", "R": "110101110101101",
    "S": "111100111001111", "U": "101101101101111", "=": "000111000111000",
}  # fmt: skip
Color = tuple[int, int, int]


class Canvas:
    """An RGB pixel buffer with lines, rectangles and 3x5 text."""

    def __init__(self, width: int, height: int, background: Color = (255, 255, 255)):
        self.pixels = np.empty((height, width, 3), dtype=np.uint8)
        self.pixels[:, :] = background

    def rect(self, x0: int, y0: int, x1: int, y1: int, color: Color) -> None:
        """Fill the rectangle [x0, x1) x [y0, y1), clipped to the canvas."""
        height, width, _ = self.pixels.shape
        self.pixels[max(y0, 0) : min(y1, height), max(x0, 0) : min(x1, width)] = color

    def line(
        self, x0: float, y0: float, x1: float, y1: float, color: Color, thick: int = 1
    ) -> None:
        """Draw a straight line by sampling points along it."""
        steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
        for t in np.linspace(0.0, 1.0, steps + 1):
            x, y = round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t)
            self.rect(x, y, x + thick, y + thick, color)

    def text(self, x: int, y: int, message: str, color: Color = (0, 0, 0), scale: int = 2) -> None:
        """Draw text with the built-in 3x5 font (unknown characters are skipped)."""
        for index, char in enumerate(message.upper()):
            bits = _GLYPHS.get(char, _GLYPHS[" "])
            left = x + index * 4 * scale
            for bit_index, bit in enumerate(bits):
                if bit == "1":
                    row, col = divmod(bit_index, 3)
                    top, px = y + row * scale, left + col * scale
                    self.rect(px, top, px + scale, top + scale, color)

    def to_png(self) -> bytes:
        """Encode as an 8-bit RGB PNG."""
        height, width, _ = self.pixels.shape
        raw = b"".join(b"\x00" + self.pixels[row].tobytes() for row in range(height))
        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + b"".join(
            _chunk(kind, body)
            for kind, body in ((b"IHDR", header), (b"IDAT", zlib.compress(raw, 9)), (b"IEND", b""))
        )


def _chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk with length and CRC."""
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def unit_square_chart(
    xs: Sequence[float], ys: Sequence[float], x_label: str, y_label: str, size: int = 480
) -> bytes:
    """PNG of a curve in [0, 1] x [0, 1] with a grid, tick labels and axis labels."""
    canvas, margin = Canvas(size, size), 60
    span = size - 2 * margin

    def to_px(x: float, y: float) -> tuple[float, float]:
        return margin + x * span, size - margin - y * span

    for tick in range(6):
        value = tick / 5
        gx, gy = to_px(value, value)
        canvas.line(gx, margin, gx, size - margin, (225, 225, 225))
        canvas.line(margin, gy, size - margin, gy, (225, 225, 225))
        canvas.text(int(gx) - 10, size - margin + 8, f"{value:.1f}")
        canvas.text(margin - 36, int(gy) - 5, f"{value:.1f}")
    canvas.line(margin, size - margin, size - margin, size - margin, (0, 0, 0), 2)
    canvas.line(margin, margin, margin, size - margin, (0, 0, 0), 2)
    points = [to_px(x, y) for x, y in zip(xs, ys, strict=True)]
    for (ax, ay), (bx, by) in pairwise(points):
        canvas.line(ax, ay, bx, by, (31, 119, 180), 2)
    canvas.text(size // 2 - 4 * 2 * len(x_label) // 2, size - 24, x_label)
    canvas.text(8, 20, y_label)
    return canvas.to_png()
