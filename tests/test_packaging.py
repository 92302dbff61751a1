"""Packaging: the simulator is an extra, the product never needs it, the docs stay in the repo.

A plain `pip install cuetui` has no simulator dependencies; these tests stand in for that
install by making the simulator's modules unimportable in a child interpreter.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cuetui"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())

# What `cuetui[sim]` brings (and starlette, which it used to): none of it in a plain install.
SIM_ONLY = ("opencue_proto", "google.protobuf", "grpc", "uvicorn", "starlette")
INSTALL_HINT = "pip install 'cuetui[sim]'"


def _run_cli(
    args: list[str], tmp_path: Path, *, blocked: bool = True
) -> subprocess.CompletedProcess:
    """`cuetui <args>` in a child interpreter, the simulator's modules unimportable if `blocked`."""
    block = f"import sys; sys.modules.update(dict.fromkeys({SIM_ONLY!r}))\n" if blocked else ""
    code = f"{block}from cuetui.cli import main\nraise SystemExit(main({args!r}))"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CUETUI_") and k != "NO_COLOR"}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        CUETUI_JWT_SECRET="packaging-test-secret",
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("args", [["demo"], ["demo", "--scenario", "large"], ["sim"]])
def test_simulator_without_its_extra_says_how_to_install_it(
    args: list[str], tmp_path: Path
) -> None:
    result = _run_cli(args, tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"cuetui {args[0]}: the simulated farm is an extra")
    assert INSTALL_HINT in lines[0]
    assert re.search(r"\(no module '(opencue_proto|google\.protobuf|uvicorn)'\)", lines[0])
    assert "Traceback" not in result.stderr


def test_sim_token_needs_no_extra(tmp_path: Path) -> None:
    # Minting a token is PyJWT alone: it works against a real gateway's secret too.
    result = _run_cli(["sim", "token", "--ttl", "60"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"[\w-]+\.[\w-]+\.[\w-]+\n", result.stdout)


def test_plain_install_answers_help_and_config(tmp_path: Path) -> None:
    help_ = _run_cli(["--help"], tmp_path)
    assert help_.returncode == 0, help_.stderr
    assert "usage: cuetui" in help_.stdout
    config = _run_cli(["config", "--gateway", "http://127.0.0.1:9"], tmp_path)
    assert config.returncode == 0, config.stderr
    assert "http://127.0.0.1:9" in config.stdout
    assert "Traceback" not in config.stderr


def test_the_guard_lets_an_installed_simulator_through() -> None:
    from cuetui.sim.extra import missing_module, unavailable

    assert missing_module() is None
    assert unavailable("demo") is None


def _product_modules() -> list[str]:
    """Every module of the product: all of `cuetui` but the simulator and `__main__`."""
    names = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if parts[1:2] == ("sim",) or parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_importing_the_product_imports_no_simulator() -> None:
    modules = _product_modules()
    assert {"cuetui.app", "cuetui.client", "cuetui.cli", "cuetui.doctor"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    leaked = [
        m
        for m in loaded
        if m == "cuetui.sim"
        or m.startswith("cuetui.sim.")
        or any(m == s or m.startswith(s + ".") for s in SIM_ONLY)
    ]
    assert leaked == []


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normal(re.match(r"[A-Za-z0-9._-]+", req).group()) for req in requirements}


def _with_their_requirements(names: set[str]) -> set[str]:
    """`names` and everything they install in turn (extras aside): what a user gets."""
    todo, seen = list(names), set(names)
    while todo:
        try:
            requires = metadata.requires(todo.pop()) or []
        except metadata.PackageNotFoundError:
            continue
        for req in requires:
            if "extra ==" in req:
                continue
            name = _normal(re.match(r"[A-Za-z0-9._-]+", req).group())
            if name not in seen:
                seen.add(name)
                todo.append(name)
    return seen


def _third_party_distributions(paths: list[Path]) -> set[str]:
    """The installed distributions that the `import`s in `paths` come from."""
    dists = metadata.packages_distributions()
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                if top in sys.stdlib_module_names or top == "cuetui":
                    continue
                assert top in dists, f"{path}: {top} comes from no installed distribution"
                found.update(_normal(d) for d in dists[top])
    return found


def test_dependencies_are_split_between_the_product_and_the_sim_extra() -> None:
    project = PYPROJECT["project"]
    runtime = _requirement_names(project["dependencies"])
    sim = _requirement_names(project["optional-dependencies"]["sim"])
    installed = _with_their_requirements(runtime)
    sim_files = sorted((SRC / "sim").rglob("*.py"))
    serve_file = SRC / "serve.py"
    product_files = [p for p in sorted(SRC.rglob("*.py")) if p not in sim_files and p != serve_file]

    # The product imports only what a plain install brings.
    assert _third_party_distributions(product_files) <= installed
    # `cuetui serve` only what its extra brings (it says so, in one line, when missing).
    serve = _requirement_names(project["optional-dependencies"]["serve"])
    assert _third_party_distributions([serve_file]) <= installed | _with_their_requirements(serve)
    # The simulator imports only what the runtime and its extra bring.
    assert _third_party_distributions(sim_files) <= installed | _with_their_requirements(sim)
    # And the plain install carries none of the simulator's weight.
    assert not installed & {"opencue-proto", "grpcio", "protobuf", "uvicorn", "starlette"}


# The sdist carries no Makefile, bench or screenshots: these run in the repository only.
in_repository = pytest.mark.skipif(
    not (ROOT / "Makefile").exists(), reason="the sdist is not the whole repository"
)


def _make_dry_run(target: str, tmp_path: Path) -> str:
    result = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@in_repository
def test_make_demo_installs_the_app_and_simulator_only(tmp_path: Path) -> None:
    commands = _make_dry_run("demo", tmp_path)
    assert "pip install --quiet -e '.[sim]'" in commands
    assert "test]" not in commands
    assert f"{tmp_path / 'venv'}/bin/cuetui demo" in commands


@in_repository
def test_make_test_installs_simulator_and_test_tools(tmp_path: Path) -> None:
    commands = _make_dry_run("test", tmp_path)
    assert "pip install --quiet -e '.[sim,test]'" in commands
    assert f"{tmp_path / 'venv'}/bin/python -m pytest" in commands


def test_license_file_is_the_one_pyproject_names() -> None:
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "END OF TERMS AND CONDITIONS" in text


def test_classifiers_name_every_supported_python() -> None:
    classifiers = PYPROJECT["project"]["classifiers"]
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _docs() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench/README.md"]


@in_repository
@pytest.mark.parametrize("doc", _docs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_link_only_to_files_in_the_repository(doc: Path) -> None:
    text = doc.read_text()
    links = _LINK.findall(text)
    if doc.name == "README.md" and doc.parent == ROOT:
        assert "docs/wire-contract.md" in links  # the pattern does find links
    for target in links:
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # a web page, or an anchor in the same file
        path = (doc.parent / target.split("#", 1)[0]).resolve()
        assert path.is_relative_to(ROOT), f"{doc.name} links outside the repository: {target}"
        assert path.exists(), f"{doc.name} links to a missing file: {target}"
    # A path outside the repository written as code sends a reader there just the same.
    assert "../shared" not in text
    assert "/work/" not in text


@in_repository
def test_readme_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"```\n(.*?)```", quick, re.S) == ["make demo\nmake test\n"]
