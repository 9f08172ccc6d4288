"""Draw ShopClock's application icon and write it as PNG, ICO (Windows) and ICNS (macOS).

Run from the repository root: ``.venv/bin/python resources/icons/make_icons.py``.
The picture is drawn with QPainter at every size (no SVG renderer needed): an
orange rounded square with a white clock face whose hands stand at ten to two and
a red dot for the running deadline. ``shopclock.ico`` and ``shopclock.icns`` hold
PNG-compressed images (Windows Vista and later, macOS 10.7 and later read them), so
neither Pillow nor iconutil is needed; the build uses them as the executable's icon.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

HERE = Path(__file__).resolve().parent
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024}
BACKGROUND = QColor("#F0642D")
ACCENT = QColor("#D7263D")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(BACKGROUND)
    p.drawRoundedRect(QRectF(0.03 * s, 0.03 * s, 0.94 * s, 0.94 * s), 0.2 * s, 0.2 * s)
    centre = QPointF(0.5 * s, 0.53 * s)
    p.setBrush(QColor("white"))
    p.drawEllipse(centre, 0.33 * s, 0.33 * s)
    hand = QPen(QColor("#333333"), max(1.0, 0.055 * s), c=Qt.PenCapStyle.RoundCap)
    p.setPen(hand)
    p.drawLine(centre, centre + QPointF(-0.15 * s, -0.09 * s))
    p.drawLine(centre, centre + QPointF(0.18 * s, -0.16 * s))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ACCENT)
    p.drawEllipse(QPointF(0.79 * s, 0.22 * s), 0.12 * s, 0.12 * s)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG encoding failed")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size + the PNG data (a width of 0 means 256)."""
    head = struct.pack("<HHH", 0, 1, len(images))
    offset = len(head) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in sorted(images.items()):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    return head + entries + blobs


def icns(images: dict[bytes, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(d)) + d for kind, d in images.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv[:1])
    (HERE / "shopclock.png").write_bytes(png_bytes(draw(256)))
    (HERE / "shopclock.ico").write_bytes(ico({n: png_bytes(draw(n)) for n in ICO_SIZES}))
    (HERE / "shopclock.icns").write_bytes(
        icns({kind: png_bytes(draw(n)) for kind, n in ICNS_TYPES.items()})
    )
    print(f"wrote shopclock.png, shopclock.ico, shopclock.icns in {HERE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
