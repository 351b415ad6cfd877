"""A fake camera for Chromium: a YUV4MPEG2 (.y4m) file showing one QR code centred in a 640x480
frame (DESIGN.md §8). Chromium plays it in a loop to getUserMedia with
``--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>``."""

from __future__ import annotations

from pathlib import Path

from workshop.core.qr import qr_matrix

WIDTH, HEIGHT = 640, 480


def write_qr_y4m(path: Path, text: str, frames: int = 10, module: int = 8) -> Path:
    matrix = qr_matrix(text, border=4)
    size = len(matrix) * module
    assert size <= HEIGHT, "QR too large for the frame"
    left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
    luma = bytearray(b"\xeb" * (WIDTH * HEIGHT))  # white (video range)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if not dark:
                continue
            for dy in range(module):
                start = (top + y * module + dy) * WIDTH + left + x * module
                luma[start : start + module] = b"\x10" * module  # black
    chroma = b"\x80" * ((WIDTH // 2) * (HEIGHT // 2))
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(frame)
    return path
