"""Tables the PDFs share (reportlab platypus), each made with its style in one call: the house's
grid (thin lines, a shaded header row that repeats on every page, cells aligned on top) and the
plain table without lines (label and value rows, a listing).

    grid_table(data, widths, padding=3)                        # the activity report, the monitoring
    grid_table(data, widths, line=colors.black, style=[...])   # more commands after the grid's
    plain_table(rows, [45 * mm, 120 * mm], hAlign="LEFT")      # "Facilitator: …" facts
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

LINE = colors.grey
HEADER_SHADE = colors.Color(0.92, 0.92, 0.92)


def styled_table(data: list, widths: list[float], style: list[tuple], **options) -> Table:
    """A ``Table`` with its column widths and style commands; ``options`` are Table's own
    (``repeatRows``, ``hAlign``, ``minRowHeights``…)."""
    table = Table(data, colWidths=widths, **options)
    table.setStyle(TableStyle(style))
    return table


def grid_style(*, line=LINE, shade=HEADER_SHADE, padding: float | None = None) -> list[tuple]:
    """The grid's commands: lines of 0.4 pt in ``line``, the header row in ``shade``, cells on top;
    ``padding``: the cells' left and right padding in points (reportlab's own when None)."""
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, line),
        ("BACKGROUND", (0, 0), (-1, 0), shade),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if padding is not None:
        style += [("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding)]
    return style


def grid_table(
    data: list,
    widths: list[float],
    *,
    line=LINE,
    shade=HEADER_SHADE,
    padding: float | None = None,
    style: Sequence[tuple] = (),
    **options,
) -> Table:
    """The house grid (``grid_style``), its first row repeated on every page; ``style``: commands
    applied after the grid's (spans, a shaded total row)."""
    return styled_table(
        data, widths, [*grid_style(line=line, shade=shade, padding=padding), *style], repeatRows=1, **options
    )


def plain_table(data: list, widths: list[float], *, style: Sequence[tuple] = (), **options) -> Table:
    """Rows without lines (label and value, a listing): cells on top, nothing to their left."""
    return styled_table(
        data,
        widths,
        [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), *style],
        **options,
    )
