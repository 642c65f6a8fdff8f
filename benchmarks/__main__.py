"""Run the benchmarks and say which targets are met: `make bench`, or some of them by name
(`python -m benchmarks morning`, `make bench BENCH=morning`); add `--strict` to fail on a miss."""

from __future__ import annotations

import sys

from benchmarks import morning, offers, queue, relevance, reports, sheets, sync

BENCHMARKS = {"offers": offers, "relevance": relevance, "sheets": sheets, "queue": queue, "morning": morning,
              "reports": reports, "sync": sync}


def main(arguments: list[str]) -> int:
    names = [argument for argument in arguments if not argument.startswith("--")] or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"No benchmark {', '.join(unknown)}; there are: {', '.join(BENCHMARKS)}.", file=sys.stderr)
        return 2
    results = [result for name in names for result in BENCHMARKS[name].run()]
    print("\nTargets:")
    for text, met in results:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    missed = [text for text, met in results if not met]
    return 1 if missed and "--strict" in arguments else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
