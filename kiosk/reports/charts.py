"""The geometry of the reports' charts, drawn as SVG by the templates: plain numbers, no drawing library."""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH = 28, 10, 280, 320, 110
CELL, HEAT_LABEL, HEAT_HEAD = 44, 110, 28
HEAT_LEVELS = 5  # shades of the heat map, 0 (none) to 4 (the busiest); each cell also says its number


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    length: float  # in px, along the plot


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(items: list[tuple[str, float, str]]) -> BarChart:
    """Lay out horizontal bars for (label, value, value as said) items, the longest bar for the largest value."""
    largest = max((value for _label, value, _text in items), default=0) or 1
    bars = [Bar(label, text, index * (BAR_HEIGHT + BAR_GAP), round(PLOT_WIDTH * max(value, 0) / largest, 1))
            for index, (label, value, text) in enumerate(items)]
    height = max(len(items) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT)
    return BarChart(bars, LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH, height)


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    count: int
    text: str
    level: int


@dataclass(frozen=True)
class HeatMap:
    rows: list[tuple[str, int]]  # label, y
    columns: list[tuple[str, int]]  # label, x
    cells: list[Cell]
    width: int
    height: int
    cell: int = CELL


def heat_map(row_labels: list[str], column_labels: list[str], counts: list[list[int]], say) -> HeatMap:
    """Lay out a grid of counts (rows × columns), each cell shaded by its share of the largest and saying `say(n)`."""
    largest = max((n for row in counts for n in row), default=0)
    cells = []
    for r, row in enumerate(counts):
        for c, count in enumerate(row):
            level = 0 if not count else 1 + min(HEAT_LEVELS - 2, (count * (HEAT_LEVELS - 1) - 1) // largest)
            cells.append(Cell(HEAT_LABEL + c * CELL, HEAT_HEAD + r * CELL, count, say(count), level))
    return HeatMap([(label, HEAT_HEAD + r * CELL) for r, label in enumerate(row_labels)],
                   [(label, HEAT_LABEL + c * CELL) for c, label in enumerate(column_labels)],
                   cells, HEAT_LABEL + len(column_labels) * CELL, HEAT_HEAD + len(row_labels) * CELL)
