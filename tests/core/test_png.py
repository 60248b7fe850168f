"""The drawings' PNG writer: the pixels read back exactly, at the resolution given."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from sovereignty.core.png import png_from_rgb


def test_the_pixels_read_back_exactly() -> None:
    rng = random.Random(7)
    width, height = 37, 11  # odd sizes: no row or channel lines up by chance
    rgb = bytes(rng.randrange(256) for _ in range(width * height * 3))
    with Image.open(io.BytesIO(png_from_rgb(rgb, width, height, 250))) as image:
        image.load()
        assert (image.mode, image.size) == ("RGB", (width, height))
        assert image.tobytes() == rgb
        assert round(image.info["dpi"][0]) == 250


def test_a_flat_drawing_is_compressed() -> None:
    white = b"\xff\xff\xff" * (400 * 300)
    assert len(png_from_rgb(white, 400, 300, 200)) < 360_000 // 100  # of 360 kB of pixels


def test_pixels_that_do_not_fill_the_picture_are_refused() -> None:
    with pytest.raises(ValueError, match="37 x 11"):
        png_from_rgb(b"\x00" * 10, 37, 11, 250)
