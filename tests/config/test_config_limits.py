"""Issue #10.4: numbers out of range (nan, inf, zero, huge) are refused, naming where they
came from, before anything polls: `refresh = nan` polled flat out, `inf` never."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuetui.cli import main
from cuetui.config import LIMITS, ConfigError, load_settings


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("refresh = nan", "refresh must be a number from 0.5 to 3600 seconds, not nan"),
        ("refresh = inf", "refresh must be from 0.5 to 3600 seconds, not inf"),
        ("refresh = -inf", "refresh must be from 0.5 to 3600 seconds, not -inf"),
        ("refresh = 0", "refresh must be from 0.5 to 3600 seconds, not 0"),
        ("refresh = 86400", "refresh must be from 0.5 to 3600 seconds, not 86400"),
        ("frame_page_size = 0", "frame_page_size must be from 1 to 10000 frames, not 0"),
        (
            "frame_page_size = 99999999999999999999999",
            "frame_page_size must be from 1 to 10000 frames",
        ),
        ("connect_timeout = inf", "connect_timeout must be from 0.1 to 300 seconds, not inf"),
        ("read_timeout = nan", "read_timeout must be a number from 0.1 to 600 seconds"),
        ("token_lifetime = 1e12", "token_lifetime must be from 60 to 86400 seconds"),
    ],
)
def test_file_values_out_of_range_name_file_line_and_key(
    tmp_path: Path, line: str, message: str, capsys
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[profiles.prod]\ngateway = "http://gw:1"\n{line}\n')
    with pytest.raises(ConfigError) as info:
        load_settings({"config": str(path)}, {})
    assert str(info.value).startswith(f"{path}, line 3: {message}")
    # and what the user reads: one line, exit 2, nothing started
    assert main(["--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"cuetui: {info.value}\n" and "Traceback" not in err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nan", "--refresh must be a number from 0.5 to 3600 seconds, not nan (not a number)"),
        ("inf", "--refresh must be from 0.5 to 3600 seconds, not inf"),
        ("-1", "--refresh must be from 0.5 to 3600 seconds, not -1"),
        ("0.1", "--refresh must be from 0.5 to 3600 seconds, not 0.1"),
    ],
)
def test_refresh_flag_out_of_range_is_refused(value: str, message: str, capsys) -> None:
    assert main(["config", f"--refresh={value}"]) == 2
    assert capsys.readouterr().err == f"cuetui: {message}\n"
    assert main([f"--refresh={value}", "doctor"]) == 2  # before the doctor reaches the gateway
    assert message in capsys.readouterr().err


def test_the_limits_themselves_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    for key, (low, high, _) in LIMITS.items():
        for number in (low, high):
            text = str(int(number)) if key == "frame_page_size" else repr(float(number))
            path.write_text(f"{key} = {text}\n")
            assert getattr(load_settings({"config": str(path)}, {}), key) == number
    path.write_text("frame_page_size = 2.5\n")
    with pytest.raises(ConfigError, match="'frame_page_size' must be a whole number, not float"):
        load_settings({"config": str(path)}, {})
    assert load_settings({"refresh": 0.5}, {}).refresh == 0.5
