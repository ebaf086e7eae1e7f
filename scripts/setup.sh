#!/usr/bin/env bash
# Set up (or refresh) the project's virtual environment in .venv.
#
#   scripts/setup.sh lab    what the lessons need (JupyterLab, widgets, plotly)
#   scripts/setup.sh test   the above plus the test tools, and Chromium for the browser tests
#
# Installs with uv (fetched from PyPI with pip when it is not on PATH), which takes seconds
# where pip takes minutes; falls back to plain pip when uv cannot be had or fails.
# OUTAGE_LAB_INSTALLER=pip forces pip. PYTHON=/path/to/python picks the interpreter.
#
# Safe to run again and again: the install step is skipped when .venv already holds
# this version of pyproject.toml with the requested extras.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."  # the repo root

case "${1:-}" in
    lab) extras="lab" ;;
    test) extras="lab,test" ;;
    *)
        echo "usage: $0 lab|test" >&2
        exit 2
        ;;
esac

venv=.venv
python="${PYTHON:-python3}"
# uv must use this Python, never download one of its own.
export UV_PYTHON_DOWNLOADS=never
# pip warns about running as root (CI does); the venv is what keeps the system clean here.
export PIP_ROOT_USER_ACTION=ignore

# One stamp per extra, holding the hash of the pyproject.toml it was installed from.
stamp_hash() {
    { cat pyproject.toml; echo "extra=$1"; } | sha256sum | cut -d' ' -f1
}
stamp="$venv/.installed-$1"

# Prints the uv to use, or nothing (then pip does the work): uv on PATH, the one an earlier
# run put in .venv, or one fetched from PyPI with "$python" -m pip into the folder $scratch
# (pip's --target leaves the system's Python alone). A Python without pip (Debian's python3
# without python3-pip) gets .venv made by the venv module, and uv fetched by its pip.
find_uv() {
    if [[ "${OUTAGE_LAB_INSTALLER:-uv}" == pip ]]; then
        return
    elif command -v uv >/dev/null; then
        command -v uv
    elif [[ -x "$venv/bin/uv" ]]; then
        echo "$venv/bin/uv"
    elif ! "$python" -m pip --version >/dev/null 2>&1; then
        if [[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv" >&2; then
            if "$venv/bin/python" -m pip install --disable-pip-version-check --quiet uv >&2; then
                echo "$venv/bin/uv"
                return
            fi
        fi
        echo "Could not install uv from PyPI; using pip instead (slower)" >&2
    else
        if "$python" -m pip install --disable-pip-version-check --quiet --target "$scratch" uv \
            >&2 && [[ -x "$scratch/bin/uv" ]]; then
            echo "$scratch/bin/uv"
        else
            echo "Could not install uv from PyPI; using pip instead (slower)" >&2
        fi
    fi
}

install_with_uv() {
    local uv=$1
    if [[ ! -x "$venv/bin/python" ]]; then
        "$uv" venv --quiet --python "$("$python" -c 'import sys; print(sys.executable)')" \
            "$venv" || return 1
    fi
    # pip too, for `%pip install` in a notebook and for the fallback.
    "$uv" pip install --quiet --python "$venv/bin/python" -e ".[$extras]" pip || return 1
    if [[ "$uv" == "$scratch"/* ]]; then
        cp "$uv" "$venv/bin/uv"  # so the next run needs no download
    fi
}

install_with_pip() {
    if [[ ! -x "$venv/bin/python" ]]; then
        "$python" -m venv "$venv"
    elif ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
        "$venv/bin/python" -m ensurepip --upgrade
    fi
    "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -e ".[$extras]"
}

if [[ -f "$stamp" && "$(cat "$stamp")" == "$(stamp_hash "$1")" ]]; then
    echo "$venv is up to date for '$1' (pyproject.toml unchanged)"
else
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    uv="$(find_uv)"
    if [[ -n "$uv" ]]; then
        echo "Installing labkit with extras [$extras] into $venv with uv ($("$python" --version))"
        if ! install_with_uv "$uv"; then
            echo "uv failed; installing with pip instead (slower)" >&2
            install_with_pip
        fi
    else
        echo "Installing labkit with extras [$extras] into $venv with pip ($("$python" --version))"
        install_with_pip
    fi
    stamp_hash "$1" >"$stamp"
    if [[ "$1" == test ]]; then
        # [lab,test] includes everything [lab] needs.
        stamp_hash lab >"$venv/.installed-lab"
    fi
fi

if [[ "$1" == test ]]; then
    # The browser tests drive a system Chromium through Playwright. We never run
    # `playwright install`: it downloads a browser build of its own.
    chromium="${OUTAGE_LAB_CHROMIUM:-/usr/bin/chromium}"
    if [[ -x "$chromium" ]]; then
        echo "Browser tests will use $chromium"
    elif [[ -n "${OUTAGE_LAB_CHROMIUM:-}" ]]; then
        echo "OUTAGE_LAB_CHROMIUM=$OUTAGE_LAB_CHROMIUM is not an executable file" >&2
        exit 1
    elif [[ "$(id -u)" == 0 ]]; then
        echo "Installing Debian's chromium for the browser tests"
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
    else
        cat >&2 <<'MSG'

############################################################################
#  Chromium was not found at /usr/bin/chromium: the browser tests (JupyterLab
#  driven in headless Chromium) will be skipped.
#
#  To run them, either install Debian's chromium:
#      sudo apt-get install chromium
#  or point the tests at any Chrome/Chromium binary:
#      export OUTAGE_LAB_CHROMIUM=/path/to/chrome
############################################################################

MSG
    fi
fi
