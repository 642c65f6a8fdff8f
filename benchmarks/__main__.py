"""Run every benchmark and say which targets are met: `make bench` (add `--strict` to fail on a miss)."""

from __future__ import annotations

import sys

from benchmarks import offers, queue, sheets


def main() -> int:
    results = offers.run() + sheets.run() + queue.run()
    print("\nTargets:")
    for text, met in results:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    missed = [text for text, met in results if not met]
    return 1 if missed and "--strict" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
