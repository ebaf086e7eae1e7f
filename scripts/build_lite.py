"""Build the browser-only edition: a JupyterLite site of every lesson, in ``build/lite/``.

usage: python scripts/build_lite.py [--force] [--out DIR]

Everything comes from the two registries the project already uses, and nothing is fetched from
anywhere else when the site runs:

- the build tools (``jupyterlite-core``, ``jupyterlite-pyodide-kernel`` and the front-end
  extensions of plotly, ipywidgets and anywidget: the ``lite`` extra of ``pyproject.toml``) go
  into a venv of their own, ``.cache/lite/venv``, so the site bundles exactly those extensions
  and the learners' ``.venv`` stays as it is;
- the Python runtime is the npm package ``pyodide`` at the version the kernel was made for
  (``npm pack``; its lock file names the packages, but the package holds no wheels);
- pure-Python wheels come from PyPI (``pip download``, ``py3-none-any`` only): the ones the
  lock names at the lock's versions, and plotly, ipywidgets, anywidget and their dependencies
  at the versions of the front-end extensions in the build venv; labkit's wheel is built from
  this repository.

The site's own ``pyodide-lock.json`` lists only those wheels (sha256 of the files shipped), so
a lesson loads what it imports from the site itself; a package that is not shipped fails with
``ModuleNotFoundError`` instead of being looked for on a CDN or on PyPI.

Not shipped, to keep the first load small: widgetsnbextension and jupyterlab_widgets (their
front-end part is already in the site), the copies of front-end extensions inside Python wheels
(plotly's alone is 2.9 MB), the tests that Pyodide's own build splits off (networkx, IPython,
jedi, traitlets), source maps, the numpy/matplotlib/setuptools that the lock lists for networkx
(labkit uses no networkx function that needs them), and every JupyterLite app but JupyterLab and
Notebook.

Downloads are kept in ``.cache/lite/`` (``make clean`` leaves it), and the build is skipped when
nothing it reads has changed since the last one (``--force`` rebuilds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "lite"
VENV = CACHE / "venv"
OUT = ROOT / "build" / "lite"

#: the files of the npm package the site needs (no wheels are in it)
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "package.json",
)
#: packages taken at the version Pyodide's own lock names: the kernel's needs and networkx
FROM_PYODIDE_LOCK = (
    "micropip",
    "packaging",
    "ipython",
    "asttokens",
    "decorator",
    "executing",
    "matplotlib-inline",
    "prompt-toolkit",
    "pure-eval",
    "pygments",
    "six",
    "stack-data",
    "traitlets",
    "wcwidth",
    "jedi",
    "parso",
    "networkx",
    "narwhals",
    "typing-extensions",
)
#: packages Pyodide's lock lacks, at the version installed in the build venv (so the Python
#: side matches the front-end extension bundled into the site), with the lock's ``depends``
FROM_BUILD_VENV = {
    "comm": [],
    "plotly": ["narwhals", "packaging"],
    "ipywidgets": ["comm", "ipython", "traitlets"],  # not widgetsnbextension, jupyterlab_widgets
    "anywidget": ["ipywidgets", "psygnal", "typing-extensions"],
    "psygnal": [],
}
#: ``depends`` of lock entries changed from Pyodide's: networkx's optional numerical stack
DEPENDS_OVERRIDE = {"networkx": []}
#: the kernel's own wheels, shipped inside the kernel extension (widgetsnbextension shims left out)
KERNEL_WHEELS = {"pyodide-kernel": ["comm", "ipython"], "piplite": [], "ipykernel": []}
#: loaded while the kernel starts, in parallel with Pyodide itself (so no piplite installs run)
PREFETCH = ("micropip", "piplite", "comm", "ipykernel", "pyodide-kernel", "jedi", "ipython")
#: what labkit needs in the browser: its dependency and its ``lab`` extra without JupyterLab
LABKIT_DEPENDS = ["networkx", "plotly", "ipywidgets", "anywidget", "comm"]

LESSON_FILES = ("*.ipynb", "glossary.md", "instructor_guide.md")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


def log(message: str) -> None:
    print(f"[lite] {message}", flush=True)


def run(*cmd: str | Path, **kwargs) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------------
# Tools


def lite_requirements() -> list[str]:
    """The ``lite`` extra of pyproject.toml: what the build venv holds."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return list(project["optional-dependencies"]["lite"])


def venv_bin(name: str) -> Path:
    return VENV / "bin" / name


def ensure_tools() -> None:
    """Create (or refresh) ``.cache/lite/venv`` with the ``lite`` extra; uv if found, else pip."""
    reqs = lite_requirements()
    stamp = VENV / ".installed-lite"
    want = "\n".join(reqs)
    if stamp.is_file() and stamp.read_text() == want and venv_bin("jupyter").exists():
        return
    uv = shutil.which("uv") or next(
        (str(p) for p in (ROOT / ".venv" / "bin" / "uv", venv_bin("uv")) if p.exists()), None
    )
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "PIP_ROOT_USER_ACTION": "ignore"}
    log(f"installing the build tools into {VENV.relative_to(ROOT)} ({' '.join(reqs)})")
    if uv:
        if not venv_bin("python").exists():
            run(uv, "venv", "--quiet", "--python", sys.executable, VENV, env=env)
        run(uv, "pip", "install", "--quiet", "--python", venv_bin("python"), "pip", *reqs, env=env)
    else:
        if not venv_bin("python").exists():
            run(sys.executable, "-m", "venv", VENV)
        pip = [venv_bin("python"), "-m", "pip", "--disable-pip-version-check"]
        run(*pip, "install", "--quiet", *reqs, env=env)
    stamp.write_text(want)


def venv_versions() -> dict[str, str]:
    """Installed distributions of the build venv, by canonical name."""
    code = (
        "import json, importlib.metadata as m;"
        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
    )
    out = subprocess.run(
        [str(venv_bin("python")), "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return {canonical(k): v for k, v in json.loads(out).items()}


def canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


# --------------------------------------------------------------------------------------------------
# Downloads (kept in .cache/lite)


def pyodide_version() -> str:
    """The Pyodide release the kernel in the build venv was made for (``PYODIDE_VERSION`` in
    ``jupyterlite_pyodide_kernel.constants``): the npm package ``pyodide`` at that version."""
    code = "from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION as v; print(v)"
    return subprocess.run(
        [str(venv_bin("python")), "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()


def pyodide_dist(version: str) -> Path:
    """The unpacked npm package ``pyodide@version``."""
    folder = CACHE / "npm" / f"pyodide-{version}"
    if (folder / "pyodide-lock.json").is_file():
        return folder
    npm = shutil.which("npm")
    if not npm:
        sys.exit("npm is needed to fetch the Pyodide runtime (npm package `pyodide`)")
    packs = CACHE / "npm"
    packs.mkdir(parents=True, exist_ok=True)
    log(f"npm pack pyodide@{version}")
    run(npm, "pack", "--silent", f"pyodide@{version}", "--pack-destination", packs)
    tarball = packs / f"pyodide-{version}.tgz"
    tmp = folder.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp, filter="data")
    (tmp / "package").rename(folder)
    shutil.rmtree(tmp)
    tarball.unlink()
    return folder


def pure_wheels(pins: dict[str, str]) -> dict[str, Path]:
    """The ``py3-none-any`` (or ``py2.py3``) wheel of each ``name: version`` from PyPI, kept in
    ``.cache/lite/wheels``; the missing ones come in one ``pip download``."""
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)

    def cached() -> dict[str, Path]:
        found = {}
        for wheel in folder.glob("*.whl"):
            wname, wversion = wheel.name.split("-")[:2]
            if pins.get(canonical(wname)) == wversion:
                found[canonical(wname)] = wheel
        return found

    missing = sorted(pins.keys() - cached().keys())
    if missing:
        log(f"pip download {len(missing)} wheels")
        run(
            venv_bin("python"),
            "-m",
            "pip",
            "--disable-pip-version-check",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--platform=any",
            "--implementation=py",
            "--python-version=3.14",
            "--dest",
            folder,
            *(f"{name}=={pins[name]}" for name in missing),
        )
    found = cached()
    if found.keys() != pins.keys():
        sys.exit(f"no pure-Python wheels on PyPI for {sorted(pins.keys() - found.keys())}")
    return found


def labkit_wheel(dest: Path) -> Path:
    """Build labkit's wheel from this repository into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("labkit-*.whl"):
        old.unlink()
    log("building labkit's wheel")
    run(
        venv_bin("python"),
        "-m",
        "pip",
        "--disable-pip-version-check",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",  # setuptools is in the build venv (the lite extra)
        "--wheel-dir",
        dest,
        ROOT,
        env={**os.environ, "PIP_ROOT_USER_ACTION": "ignore"},
    )
    # setuptools leaves build/lib and an egg-info behind in the repository
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    shutil.rmtree(ROOT / "build" / "bdist.linux-x86_64", ignore_errors=True)
    for info in ROOT.glob("*.egg-info"):
        shutil.rmtree(info, ignore_errors=True)
    return next(dest.glob("labkit-*.whl"))


# --------------------------------------------------------------------------------------------------
# The site


def kernel_wheel_dir() -> Path:
    site = VENV / "share" / "jupyter" / "labextensions"
    return site / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"


def lock_entry(name: str, wheel: Path, imports: list[str], depends: list[str]) -> dict:
    version = wheel.name.split("-")[1]
    return {
        "name": name,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(wheel),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,  # tests split off are not shipped at all
        "shared_library": False,
    }


def wheel_imports(wheel: Path) -> list[str]:
    """Top-level import names of a wheel (its top_level.txt, else its top-level folders)."""
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        top = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        if top:
            return [t for t in zf.read(top[0]).decode().split() if t]
    tops = {n.split("/")[0] for n in names if "/" in n}
    return sorted(t for t in tops if not t.endswith((".dist-info", ".data")))


def dropped(member: str, drop_tests: bool) -> bool:
    """Whether a wheel's file stays out of the site: a copy of a front-end extension (the site
    already bundles it, and Python never reads it), or, where Pyodide's own build splits a
    package's tests off (``unvendored_tests`` in its lock), those tests."""
    parts = member.split("/")
    if parts[0].endswith(".data") and parts[1:3] == ["data", "share"]:
        return True
    if len(parts) > 2 and parts[1] in ("labextension", "nbextension"):
        return True
    return drop_tests and "tests" in parts[1:-1]


def trim_wheel(wheel: Path, dest: Path, drop_tests: bool) -> Path:
    """Copy ``wheel`` to ``dest`` without the files :func:`dropped` names (RECORD updated)."""
    with zipfile.ZipFile(wheel) as zin:
        members = [i for i in zin.infolist() if not dropped(i.filename, drop_tests)]
        if len(members) == len(zin.infolist()):
            shutil.copy2(wheel, dest)
            return dest
        kept = {i.filename for i in members}
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in members:
                data = zin.read(info)
                if info.filename.endswith(".dist-info/RECORD"):
                    lines = data.decode().splitlines()
                    data = "".join(
                        f"{ln}\n" for ln in lines if ln.split(",")[0] in kept or not ln
                    ).encode()
                zout.writestr(info, data)
    return dest


def stage_pyodide(src: Path) -> None:
    """``src/static/pyodide``: the runtime, the wheels and a lock naming exactly those wheels."""
    version = pyodide_version()
    dist = pyodide_dist(version)
    target = src / "static" / "pyodide"
    target.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(dist / name, target / name)
    upstream = json.loads((dist / "pyodide-lock.json").read_text())
    packages: dict[str, dict] = {}

    def ship(name: str, wheel: Path, imports: list[str], depends: list[str]) -> None:
        drop_tests = upstream["packages"].get(name, {}).get("unvendored_tests", False)
        shipped = trim_wheel(wheel, target / wheel.name, drop_tests)
        packages[name] = lock_entry(name, shipped, imports, depends)

    versions = venv_versions()
    pins = {name: upstream["packages"][name]["version"] for name in FROM_PYODIDE_LOCK}
    pins.update({name: versions[name] for name in FROM_BUILD_VENV})
    wheels = pure_wheels(pins)
    for name in FROM_PYODIDE_LOCK:
        theirs = upstream["packages"][name]
        depends = DEPENDS_OVERRIDE.get(name, [canonical(d) for d in theirs["depends"]])
        ship(name, wheels[name], theirs["imports"], depends)
    for name, depends in FROM_BUILD_VENV.items():
        ship(name, wheels[name], wheel_imports(wheels[name]), depends)
    for name, depends in KERNEL_WHEELS.items():
        stem = name.replace("-", "_")
        wheel = max(kernel_wheel_dir().glob(f"{stem}-*-py3-none-any.whl"))
        ship(name, wheel, wheel_imports(wheel), depends)
    ship("labkit", labkit_wheel(src / "_labkit"), ["labkit"], LABKIT_DEPENDS)
    shutil.rmtree(src / "_labkit")

    # every dependency named must be shipped: a missing one would only fail in the browser
    for entry in packages.values():
        missing = [d for d in entry["depends"] if d not in packages]
        if missing:
            sys.exit(f"lock entry {entry['name']} depends on {missing}, which are not shipped")
    info = {**upstream["info"], "version": version}
    lock = {"info": info, "packages": dict(sorted(packages.items()))}
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")


def stage_contents(src: Path) -> Path:
    files = src / "files"
    files.mkdir(parents=True)
    for pattern in LESSON_FILES:
        for path in sorted((ROOT / "notebooks").glob(pattern)):
            shutil.copy2(path, files / path.name)
    return files


def write_config(src: Path) -> None:
    kernel = {
        "disablePyPIFallback": True,  # never look for a package on PyPI from the browser
        "loadPyodideOptions": {"packages": list(PREFETCH)},
    }
    lite = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Outage Lab",
            # window.jupyterapp, for the browser tests and the benchmark
            "exposeAppInBrowser": True,
            "litePluginSettings": {KERNEL_PLUGIN: kernel},
            # no "Jupyter news" toast (it would fetch from the internet)
            "disabledExtensions": ["@jupyterlab/apputils-extension:notification-news"],
        },
    }
    (src / "jupyter-lite.json").write_text(json.dumps(lite, indent=1) + "\n")
    # every cell drawn, not only those in view: a figure below the fold is ready when scrolled to
    overrides = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
    (src / "overrides.json").write_text(json.dumps(overrides, indent=1) + "\n")
    config = {
        "LiteBuildConfig": {
            "apps": ["lab", "notebooks"],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
            "ignore_sys_prefix": False,
        }
    }
    (src / "jupyter_lite_config.json").write_text(json.dumps(config, indent=1) + "\n")


def fingerprint() -> str:
    """A hash of everything the site is made from: rebuild when it changes."""
    digest = hashlib.sha256()
    paths = [Path(__file__), ROOT / "pyproject.toml"]
    paths += sorted((ROOT / "labkit").rglob("*"))
    for pattern in LESSON_FILES:
        paths += sorted((ROOT / "notebooks").glob(pattern))
    for path in paths:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build(out: Path = OUT, force: bool = False) -> Path:
    """Build the site into ``out`` (skipped when up to date); return ``out``."""
    stamp = out / ".fingerprint"
    want = fingerprint()
    if not force and stamp.is_file() and stamp.read_text() == want:
        log(f"{out} is up to date")
        return out
    ensure_tools()
    src = out.with_name(out.name + "-src")
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    stage_pyodide(src)
    files = stage_contents(src)
    write_config(src)
    shutil.rmtree(out, ignore_errors=True)
    log(f"jupyter lite build -> {out}")
    env = {**os.environ, "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PYTHONPATH", None)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # no extension or setting from the user's own Jupyter folders: only the build venv's
    env["JUPYTER_CONFIG_DIR"] = str(src / ".jupyter" / "config")
    env["JUPYTER_DATA_DIR"] = str(src / ".jupyter" / "data")
    run(
        venv_bin("jupyter"),
        "lite",
        "build",
        "--lite-dir",
        src,
        "--output-dir",
        out,
        "--contents",
        files,
        cwd=src,
        env=env,
    )
    # the build's own caches
    for leftover in (src / ".jupyterlite.doit.db",):
        leftover.unlink(missing_ok=True)
    stamp.write_text(want)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    log(f"site ready: {out} ({size / 1e6:.1f} MB)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (build/lite)")
    args = parser.parse_args(argv)
    out = build(args.out.resolve(), force=args.force)
    print(f"serve it with: python3 -m http.server 8000 --bind 127.0.0.1 --directory {out}")
    print("and open http://127.0.0.1:8000/ (any static web server will do)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
