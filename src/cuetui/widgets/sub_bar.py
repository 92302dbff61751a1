"""Subscription use as a cell: used cores against size and burst (subs and shows views)."""

from __future__ import annotations

from rich.text import Text

from cuetui.widgets.cells import no_color


def burst_share(use: tuple[float, float, float]) -> str:
    """The bar in words (the detail strip's): "47% of burst", or "no burst"."""
    reserved, _size, burst = use
    return f"{reserved / burst:.0%} of burst" if burst > 0 else "no burst"


def use_style(use: tuple[float, float, float]) -> str:
    """At burst the show gets no more cores here (red); past its size it is bursting."""
    reserved, size, burst = use
    if burst > 0 and reserved >= burst:
        return "bold red"
    if reserved > size:
        return "yellow"
    return "" if reserved else "dim"


def use_bar(use: tuple[float, float, float], width: int) -> Text:
    """Used cores against size and burst: filled to the use, `│` at the size, `·` to burst.

    Green within the size, yellow past it, red at the burst; the bar spans the burst (or the
    use or size when larger). Without colour: `█` within size, `▓` past it.
    """
    reserved, size, burst = use
    text = Text(no_wrap=True)
    span = max(burst, size, reserved)
    if width <= 0 or span <= 0:
        return text.append("·" * max(width, 0), style="dim")
    used = min(width, round(reserved * width / span))
    if reserved > 0 and used == 0:
        used = 1
    mark = min(width - 1, round(size * width / span)) if 0 < size < span else -1
    plain = no_color()
    at_burst = burst > 0 and reserved >= burst
    for i in range(width):
        over = i >= mark >= 0 or (size <= 0 and reserved > 0)
        if i < used:
            glyph = "▓" if over and plain else "█"
            style = "red" if at_burst else ("yellow" if over else "green")
            text.append(glyph, style="" if plain else style)
        elif i == mark:
            text.append("│", style="" if plain else "bold")
        else:
            text.append("·", style="dim")
    return text
