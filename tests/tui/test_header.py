"""The header at 80 columns keeps the gateway and the show (issue #10, point 11)."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import refresh, settle

from cuetui.widgets.header import header_left, middle_cut

LONG_GATEWAY = "https://opencue-gateway.vancouver.example-studio.com:8448"
LONG_SHOW = "feature-film-delivery-2027"


def left(app: Any) -> str:
    return str(app.screen.query_one("#header-left").render())


def right(app: Any) -> str:
    return str(app.screen.query_one("#header-right").render()).strip()


def test_long_names_are_cut_in_the_middle_never_dropped() -> None:
    assert middle_cut("abcdefghijklmnop", 7) == "abc…nop"
    for width in (80, 60, 45):
        text = header_left(LONG_GATEWAY, LONG_SHOW, True, width).plain
        assert len(text) <= width
        gateway, show, readonly = text.split(" │ ")
        assert readonly == "read-only"
        assert gateway.endswith(":8448") and "…" in gateway
        assert show.startswith("feature") and show.endswith("2027")
    # With room, everything as it is.
    full = header_left("demo", "testing", False, 80).plain
    assert full == "cuetui │ demo │ show testing"


async def test_the_header_keeps_gateway_and_show_at_80_columns(make_app, sim) -> None:
    app = make_app(show="testing", readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sim.stop()
        try:
            await refresh(pilot)
            await pilot.pause()
            # A long reason is cut; the gateway, the show and read-only stay whole.
            assert sim.url in left(app)
            assert "testing" in left(app) and "read-only" in left(app)
            assert right(app).startswith("▲ stale since")
            assert len(left(app)) + len(right(app)) < 80
        finally:
            sim.start()


async def test_a_long_profile_name_is_cut_in_the_middle_at_80_columns(make_app, sim) -> None:
    profile = "render-gateway-vancouver-east-production-cluster-01"
    app = make_app(show="testing", readonly=True, profile=profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = left(app)
        assert "testing" in text and "read-only" in text
        assert profile in text or ("render-gateway" in text and "cluster-01" in text)
        assert right(app).startswith("● updated")
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        assert f"cuetui │ {profile} │ show testing" in left(app)
