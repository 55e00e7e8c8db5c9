"""Pillow's time and bytes for the same pictures as bench/micro.ts (reference only).

Reads a JSON list of jobs on stdin: {width, height, bg, fg, text, font, fontSize, lines: [[x, y]],
format, runs}; draws the same picture (background, centred text in the same TTF at the same
size), encodes it as Pillow does by default, and prints JSON: median draw+encode ms, median
encode-only ms, bytes. Run with Debian's python3 (python3-pil): /usr/bin/python3 bench/pillow.py
"""
import io
import json
import statistics
import sys
import time

from PIL import Image, ImageDraw, ImageFont

SAVE = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}


def draw(job):
    image = Image.new("RGB", (job["width"], job["height"]), tuple(job["bg"]))
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(job["font"], max(1, round(job["fontSize"])))
    for text, (x, y) in zip(job["text"].split("\n"), job["lines"]):
        pen.text((x, y), text, fill=tuple(job["fg"]), font=font, anchor="ms")
    return image


def encode(image, fmt):
    # Pillow's defaults, as the speed issue defines its reference: WebP is lossy at quality 80.
    out = io.BytesIO()
    image.save(out, SAVE[fmt])
    return out.getvalue()


def main():
    results = []
    for job in json.load(sys.stdin):
        if job["format"] not in SAVE:
            results.append(None)
            continue
        total, encode_only, size = [], [], 0
        for _ in range(job["runs"]):
            start = time.perf_counter()
            image = draw(job)
            middle = time.perf_counter()
            size = len(encode(image, job["format"]))
            end = time.perf_counter()
            total.append((end - start) * 1000)
            encode_only.append((end - middle) * 1000)
        results.append({
            "medianMs": statistics.median(total),
            "encodeMs": statistics.median(encode_only),
            "bytes": size,
        })
    json.dump(results, sys.stdout)


main()
