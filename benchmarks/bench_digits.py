"""How fast does lcdnet generate digits?

Times ``generate_digits`` on 1,000,000 images of 10 x 10 (best of 3) and
compares it with the naive way: one Python loop iteration per example.

Run it with ``python benchmarks/bench_digits.py``. Other benchmark scripts can
``from bench_digits import measure_generation_rate``.
"""

import time

import numpy as np

from lcdnet import digit_bitmap, generate_digits

TARGET_RATE = 5_000_000
IMG_SIZE = 10
SHAPE_SIZE = 5


def best_time(function, repeats):
    """Shortest wall-clock time of ``repeats`` calls of ``function``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def measure_generation_rate(n=1_000_000, repeats=3):
    """Images per second of ``generate_digits(n, img_size=10)``.

    Best of ``repeats``.
    """
    seconds = best_time(
        lambda: generate_digits(n, IMG_SIZE, SHAPE_SIZE, seed=0), repeats
    )
    return n / seconds


def generate_digits_naively(n, seed=0):
    """The per-example loop that generate_digits replaces."""
    rng = np.random.default_rng(seed)
    highest = IMG_SIZE - SHAPE_SIZE
    images = np.zeros((n, IMG_SIZE, IMG_SIZE), dtype=np.float32)
    labels = np.arange(n) % 10
    bitmaps = [digit_bitmap(digit, SHAPE_SIZE) for digit in range(10)]
    for i in range(n):
        row, col = rng.integers(0, highest + 1, size=2)
        images[i, row : row + SHAPE_SIZE, col : col + SHAPE_SIZE] = bitmaps[
            labels[i]
        ]
    return images, labels


def measure_naive_rate(n=20_000, repeats=3):
    """Images per second of the per-example loop, best of ``repeats``."""
    return n / best_time(lambda: generate_digits_naively(n), repeats)


def main():
    rate = measure_generation_rate()
    naive_rate = measure_naive_rate()
    print(f"generate_digits: {rate:,.0f} images/s (target >= {TARGET_RATE:,})")
    print(
        f"per-example loop: {naive_rate:,.0f} images/s "
        f"({rate / naive_rate:,.0f}x slower)"
    )


if __name__ == "__main__":
    main()
