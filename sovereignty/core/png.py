"""PNG files of the drawings (data-flow diagrams, score charts): opaque, quickly compressed.

The drawings have no transparent part, so they are written as RGB rather than matplotlib's RGBA
(a quarter fewer bytes to compress), at zlib level 3: a fraction larger than level 6 and a third
quicker to write, which counts when a document set holds a dozen drawings.
"""

from __future__ import annotations

import io

COMPRESS_LEVEL = 3


def png_from_rgba(rgba: bytes, width: int, height: int, dpi: float) -> bytes:
    """A PNG of the ``width`` x ``height`` RGBA pixels (alpha dropped), saying ``dpi``."""
    from PIL import Image

    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=COMPRESS_LEVEL, dpi=(dpi, dpi))
    return buffer.getvalue()
