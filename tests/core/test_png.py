"""The drawings' PNG writer: the pixels read back exactly, at the resolution given."""

from __future__ import annotations

import io
import random

from PIL import Image

from sovereignty.core.png import png_from_rgba


def test_the_pixels_read_back_exactly_without_their_alpha() -> None:
    rng = random.Random(7)
    width, height = 37, 11  # odd sizes: no row or channel lines up by chance
    rgba = bytes(rng.randrange(256) for _ in range(width * height * 4))
    data = png_from_rgba(rgba, width, height, 250)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert (image.mode, image.size) == ("RGB", (width, height))
    expected = Image.frombytes("RGBA", (width, height), rgba).convert("RGB")
    assert image.tobytes() == expected.tobytes()
    assert round(image.info["dpi"][0]) == 250


def test_a_flat_drawing_is_compressed() -> None:
    white = b"\xff\xff\xff\xff" * (400 * 300)
    assert len(png_from_rgba(white, 400, 300, 200)) < 360_000 // 100  # of 360 kB of pixels
