"""pyproject.toml, environment.yml and binder/ must describe the same environment.

pip users install from pyproject.toml (scripts/setup.sh), conda users from environment.yml,
and Binder builds binder/environment.yml then runs binder/postBuild. environment.yml mirrors
the dependencies and the lab and test extras; binder/environment.yml only the dependencies and
the lab extra (what learners need, no test tools), written the same way. These tests fail as
soon as one of them drifts from the others.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml  # PyYAML: installed with JupyterLab (jupyter-events needs it)
from packaging.requirements import Requirement  # installed with pytest and JupyterLab
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
ENVIRONMENT = ROOT / "environment.yml"
BINDER_ENVIRONMENT = ROOT / "binder" / "environment.yml"
POSTBUILD = ROOT / "binder" / "postBuild"

# The extras that each environment file mirrors, on top of the core dependencies.
EXTRAS = {ENVIRONMENT: ("lab", "test"), BINDER_ENVIRONMENT: ("lab",)}
ENV_FILES = list(EXTRAS)
ENV_IDS = ["environment.yml", "binder"]
# pip name -> conda-forge name, for packages whose names differ between the two.
CONDA_NAMES: dict[str, str] = {}
PIP_NAMES = {conda: pip for pip, conda in CONDA_NAMES.items()}
# Entries of environment.yml that are not Python dependencies of labkit.
CONDA_ONLY = {"python", "pip"}


def canonical(name: str) -> str:
    """Normalise a package name the way pip does (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def is_local(pip_line: str) -> bool:
    """True for a pip line that installs a local folder, such as "-e ." or "."."""
    target = pip_line.removeprefix("-e").strip()
    return target.startswith((".", "/"))


def load_env(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def split_env(env: dict) -> tuple[list[str], list[str]]:
    """The conda entries and the pip entries of an environment file."""
    conda, pip = [], []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep.get("pip", []))
        else:
            conda.append(str(dep))
    return conda, pip


def pyproject_requirements(
    extras: tuple[str, ...] = EXTRAS[ENVIRONMENT],
) -> dict[str, SpecifierSet]:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    reqs = [Requirement(line) for line in lines]
    return {canonical(r.name): r.specifier for r in reqs}


def conda_name(line: str) -> str:
    """The package name of a conda entry such as "python=3.11" or "networkx>=3.2"."""
    return re.split(r"[\s=<>!~]", line, maxsplit=1)[0]


def environment_requirements(path: Path = ENVIRONMENT) -> dict[str, SpecifierSet]:
    conda, pip = split_env(load_env(path))
    found = {}
    for line in conda:
        if conda_name(line) in CONDA_ONLY:
            continue
        req = Requirement(line)
        found[canonical(PIP_NAMES.get(req.name, req.name))] = req.specifier
    for line in pip:
        if not is_local(line):
            req = Requirement(line)
            found[canonical(req.name)] = req.specifier
    return found


@pytest.mark.parametrize("path", ENV_FILES, ids=ENV_IDS)
def test_environment_has_every_pyproject_dependency(path):
    missing = pyproject_requirements(EXTRAS[path]).keys() - environment_requirements(path).keys()
    assert not missing, (
        f"in pyproject.toml (dependencies + {' + '.join(EXTRAS[path])} extras) but not in "
        f"{path.relative_to(ROOT)}: {sorted(missing)}; add them (conda-forge name in "
        "CONDA_NAMES here if it differs, or under pip:)"
    )


@pytest.mark.parametrize("path", ENV_FILES, ids=ENV_IDS)
def test_environment_has_nothing_pyproject_lacks(path):
    extra = environment_requirements(path).keys() - pyproject_requirements(EXTRAS[path]).keys()
    assert not extra, (
        f"in {path.relative_to(ROOT)} but not in pyproject.toml's dependencies or "
        f"{' + '.join(EXTRAS[path])} extras: {sorted(extra)}"
    )


@pytest.mark.parametrize("path", ENV_FILES, ids=ENV_IDS)
def test_version_bounds_agree(path):
    want, have = pyproject_requirements(EXTRAS[path]), environment_requirements(path)
    differ = {
        name: (str(want[name]), str(have[name]))
        for name in want.keys() & have.keys()
        if want[name] != have[name]
    }
    assert not differ, f"version bounds differ (pyproject.toml, {path.relative_to(ROOT)}): {differ}"


def test_binder_installs_no_test_tools():
    # Every Binder launch builds or pulls this image: the test suite's tools only slow it.
    lab = pyproject_requirements(EXTRAS[BINDER_ENVIRONMENT])
    test_only = pyproject_requirements(EXTRAS[ENVIRONMENT]).keys() - lab.keys()
    assert test_only, "the test extra should add tools the lab extra lacks"
    found = test_only & environment_requirements(BINDER_ENVIRONMENT).keys()
    assert not found, f"binder/environment.yml installs test tools: {sorted(found)}"


def test_environment_yml_installs_labkit():
    _, pip = split_env(load_env(ENVIRONMENT))
    assert any(is_local(line) for line in pip), 'environment.yml needs "-e ." under pip:'


def test_python_pin_is_one_repo2docker_reads():
    conda, _ = split_env(load_env(BINDER_ENVIRONMENT))
    pins = [line for line in conda if re.split(r"[\s=<>!~]", line, maxsplit=1)[0] == "python"]
    assert len(pins) == 1, f"expected one python entry, got {pins}"
    # repo2docker only understands "python=X.Y"; with ">=" it silently builds its default.
    match = re.fullmatch(r"python=(\d+\.\d+)", pins[0])
    assert match, f'{pins[0]!r}: write the Python version as "python=X.Y"'
    requires = tomllib.loads(PYPROJECT.read_text())["project"]["requires-python"]
    assert SpecifierSet(requires).contains(match[1]), f"python={match[1]} vs {requires}"


def test_binder_environment_is_the_root_one_without_test_tools_or_local_install():
    # Same names, same bounds, same python pin, same order: the root file minus the entries
    # only the test extra needs and minus "-e .". A pip: section left empty goes too.
    lab = pyproject_requirements(EXTRAS[BINDER_ENVIRONMENT]).keys()
    test_only = pyproject_requirements(EXTRAS[ENVIRONMENT]).keys() - lab

    def wanted_conda(line: str) -> bool:
        name = conda_name(line)
        return canonical(PIP_NAMES.get(name, name)) not in test_only

    def wanted_pip(line: str) -> bool:
        return not is_local(line) and canonical(Requirement(line).name) not in test_only

    root = load_env(ENVIRONMENT)
    kept: list = []
    for dep in root["dependencies"]:
        if isinstance(dep, dict):
            pip = [line for line in dep.get("pip", []) if wanted_pip(line)]
            if pip:
                kept.append({**dep, "pip": pip})
        elif wanted_conda(str(dep)):
            kept.append(dep)
    root["dependencies"] = kept
    assert load_env(BINDER_ENVIRONMENT) == root, (
        "binder/environment.yml must equal environment.yml without the test extra's "
        'entries and without its "-e ." line'
    )


def test_binder_environment_installs_no_local_path():
    # conda would run "-e ." from binder/, and repo2docker would lose its cached env layer.
    _, pip = split_env(load_env(BINDER_ENVIRONMENT))
    local = [line for line in pip if is_local(line)]
    assert not local, f"binder/environment.yml installs {local}: leave that to binder/postBuild"


def test_postbuild_installs_labkit_and_stops_on_error():
    text = POSTBUILD.read_text()
    lines = [ln.strip() for ln in text.splitlines()]
    assert lines[0] == "#!/bin/bash", "binder/postBuild must start with #!/bin/bash"
    assert "set -e" in lines, "binder/postBuild must have `set -e` so a failed step fails the build"
    install = re.compile(r"(python -m )?pip install\b.*\s(-e\s+)?\.$")
    installs = [i for i, ln in enumerate(lines) if install.match(ln)]
    assert installs, "binder/postBuild must install labkit (pip install --no-deps -e .)"
    assert lines.index("set -e") < installs[0], "`set -e` must come before the install"


def test_postbuild_is_executable():
    mode = POSTBUILD.stat().st_mode
    assert mode & stat.S_IXUSR, "chmod +x binder/postBuild (and commit the mode)"


def repo2docker_executable() -> str:
    exe = Path(sys.executable).with_name("repo2docker")
    if exe.exists():
        return str(exe)
    if "jupyter-repo2docker" in pyproject_requirements(EXTRAS[ENVIRONMENT]):
        pytest.fail("jupyter-repo2docker is a test dependency but is not installed")
    pytest.skip("jupyter-repo2docker is not installed (pip install jupyter-repo2docker)")


def test_repo2docker_uses_binder_folder(tmp_path):
    """Ask repo2docker for the Dockerfile it would build (no Docker needed)."""
    exe = repo2docker_executable()
    # Only the configuration files matter to repo2docker; copy them as they are on disk.
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "binder", repo / "binder", symlinks=True)
    for name in ("environment.yml", "pyproject.toml"):
        shutil.copy2(ROOT / name, repo / name)
    env = {**os.environ, "HOME": str(tmp_path)}  # leave no state in the real home
    run = subprocess.run(
        [exe, "--no-build", "--debug", "."],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    dockerfile, log = run.stdout, run.stderr
    assert "Python version unspecified" not in log, log

    env_update = re.search(r'env update .*(-f|--file) "?binder/environment\.yml', dockerfile)
    assert env_update, "repo2docker does not build binder/environment.yml:\n" + dockerfile
    postbuild = dockerfile.find("RUN ./binder/postBuild")
    assert postbuild != -1, "repo2docker does not run binder/postBuild:\n" + dockerfile
    copy_repo = dockerfile.find("src/ ${REPO_DIR}/")  # the step that copies the whole repo
    # The environment is built before the repo is copied (a cached layer), and postBuild after.
    assert env_update.start() < copy_repo < postbuild, dockerfile
