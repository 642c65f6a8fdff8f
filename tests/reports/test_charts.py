"""The charts' geometry: bars in proportion, the heat map's shades by quarter of the busiest hour."""

from __future__ import annotations

from kiosk.reports.charts import PLOT_WIDTH, bar_chart, heat_map


def test_the_largest_value_has_the_longest_bar_and_the_others_their_share():
    chart = bar_chart([("kiosk", 80, "80"), ("remote", 20, "20"), ("desk", 0, "0")])
    assert [bar.length for bar in chart.bars] == [PLOT_WIDTH, PLOT_WIDTH / 4, 0]
    assert [bar.y for bar in chart.bars] == sorted({bar.y for bar in chart.bars})
    assert bar_chart([]).bars == [] and bar_chart([("none", 0, "0")]).bars[0].length == 0


def test_each_cell_says_its_number_and_is_shaded_by_its_quarter_of_the_largest():
    chart = heat_map(["Mon", "Tue"], ["09", "10", "11"], [[0, 10, 40], [21, 30, 39]], str)
    assert [cell.level for cell in chart.cells] == [0, 1, 4, 3, 3, 4]
    assert [cell.text for cell in chart.cells] == ["0", "10", "40", "21", "30", "39"]
    assert chart.width > chart.cell * 3 and chart.height > chart.cell * 2
