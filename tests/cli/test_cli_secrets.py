"""Issue #10.10: a secret typed on the command line is refused and never echoed back.

argparse repeats what it cannot parse in its usage error; a flag that looks like it carries
a secret, and any flag cuetui does not have, is answered by cuetui first, naming the flag
only. Abbreviations are off, so `--tok X` is not taken for `--token-file X`.
"""

from __future__ import annotations

import argparse

import pytest

from cuetui.cli import build_parser, main, unknown_option

VALUE = "hunter2-Zq8v"  # what must never come back out


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors exit
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize(
    "argv",
    [
        ["--jwt_secret", VALUE],
        ["--jwt-secret", VALUE],
        [f"--jwt-secret={VALUE}"],
        ["--JWT-Secret", VALUE],
        ["--tok", VALUE],
        ["--token", VALUE],
        [f"--token={VALUE}"],
        ["--secret", VALUE, "doctor"],
        ["doctor", "--password", VALUE],
        ["config", f"--pass={VALUE}"],
        ["--api-key", VALUE],
        ["--auth", VALUE],
        ["demo", "--jwt", VALUE],
        ["sim", "token", "--secret", VALUE],
    ],
    ids=lambda argv: " ".join(a.replace(VALUE, "X") for a in argv),
)
def test_secret_like_flags_are_refused_without_their_value(argv, capsys) -> None:
    code, text = _run(argv, capsys)
    assert code == 2
    assert VALUE not in text
    assert "process list" in text and "not repeated" in text
    assert "Traceback" not in text
    assert len(text.strip().splitlines()) == 1


def test_the_sim_token_refusal_points_at_its_own_way_in(capsys) -> None:
    _, text = _run(["sim", "token", "--secret", VALUE], capsys)
    assert "--secret-file" in text and "CUETUI_JWT_SECRET" in text


@pytest.mark.parametrize(
    ("flag", "argv"),
    [
        ("-t", ["-t", VALUE]),
        ("-t", ["-t", VALUE, "doctor"]),
        ("--gatway", ["--gatway", VALUE]),
        ("--gatway", [f"--gatway={VALUE}"]),
        ("-x", ["doctor", "-x", VALUE]),
    ],
    ids=lambda v: " ".join(a.replace(VALUE, "X") for a in v) if isinstance(v, list) else v,
)
def test_unknown_options_name_the_flag_only(flag, argv, capsys) -> None:
    code, text = _run(argv, capsys)
    assert code == 2
    assert VALUE not in text
    assert f"unknown option {flag} " in text and "cuetui --help" in text


@pytest.mark.parametrize(
    "argv", [["--ref", "5", "config"], ["--gate", "http://x:1", "config"], ["--tok", "f"]]
)
def test_abbreviations_are_not_expanded(argv, capsys) -> None:
    code, text = _run(argv, capsys)
    assert code == 2 and f"{argv[0]} " in text
    assert "gateway: http://x:1" not in text


def test_a_long_stray_value_is_not_repeated(capsys) -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqc21pdGgifQ.c2lnbmF0dXJlLXZhbHVl"
    code, text = _run(["--gateway", "http://gw:1", token], capsys)
    assert code == 2 and token not in text
    assert f"<{len(token)} characters, not shown>" in text
    code, text = _run(["doctor", token], capsys)
    assert code == 2 and token not in text
    # a short typo of a command is still named, so it can be fixed
    code, text = _run(["doctr"], capsys)
    assert code == 2 and "'doctr'" in text and "'doctor'" in text


def _every_parser(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _every_parser(child)


def test_nothing_advertised_is_refused() -> None:
    """Every option any `--help` shows gets past the guard (`--token-file`, `--secret-file`)."""
    parser = build_parser()
    options = {o for p in _every_parser(parser) for a in p._actions for o in a.option_strings}
    assert {"--token-file", "--secret-file", "--no-mouse", "--version"} <= options
    for option in sorted(options):
        assert unknown_option([option, "value"], parser) is None, option


def test_sim_token_takes_the_secret_from_a_file(tmp_path, capsys) -> None:
    import jwt

    secret = "s" * 40
    path = tmp_path / "sim.secret"
    path.write_text(secret + "\n")
    assert main(["sim", "token", "--secret-file", str(path), "--sub", "alice"]) == 0
    claims = jwt.decode(capsys.readouterr().out.strip(), secret, algorithms=["HS256"])
    assert claims["sub"] == "alice"
    assert main(["sim", "token", "--secret-file", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "missing" in err and "Traceback" not in err


def test_sim_token_without_a_secret_says_how_to_give_one(capsys) -> None:
    assert main(["sim", "token"]) == 2
    err = capsys.readouterr().err
    assert "CUETUI_JWT_SECRET" in err and "--secret-file" in err
