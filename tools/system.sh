#!/bin/sh
# What `make` needs from the machine, checked before anything else runs.
#
#   tools/system.sh python PY   PY must be Python 3.11 with venv (the README's Python)
#   tools/system.sh tools       TeX, Chromium, poppler and the fonts for `make test`:
#                               installed with apt-get when running as root or with
#                               passwordless sudo, otherwise stop with the exact command.
set -eu

NEED_PYTHON=3.11
# Debian packages for the PDF (XeLaTeX, fonts, latexmk), its checks (poppler) and the
# browser tests (chromium); each with a command or file that shows it is installed.
PACKAGES="texlive-latex-extra texlive-xetex latexmk texlive-fonts-recommended \
fonts-freefont-otf tex-gyre lmodern poppler-utils chromium"

check_python() {
    py=$1
    if ! command -v "$py" > /dev/null 2>&1; then
        echo "make: Python $NEED_PYTHON is needed (see README) and '$py' was not found." >&2
        echo "  Debian/Ubuntu: apt-get install python$NEED_PYTHON python$NEED_PYTHON-venv" >&2
        echo "  or point make at one: make PYTHON=/path/to/python$NEED_PYTHON" >&2
        exit 1
    fi
    found=$("$py" -c 'import sys; print("Python %d.%d" % sys.version_info[:2])' 2>/dev/null \
        || echo "?")
    if [ "$found" != "Python $NEED_PYTHON" ]; then
        [ "$found" = "?" ] && found="not runnable here"
        echo "make: Python $NEED_PYTHON is needed (see README); '$py' is $found." >&2
        echo "  Debian/Ubuntu: apt-get install python$NEED_PYTHON python$NEED_PYTHON-venv" >&2
        echo "  or point make at one: make PYTHON=/path/to/python$NEED_PYTHON" >&2
        exit 1
    fi
    if ! "$py" -c 'import venv, ensurepip' > /dev/null 2>&1; then
        echo "make: '$py' ($found) cannot create a virtual environment (no venv/ensurepip)." >&2
        echo "  Debian/Ubuntu: apt-get install python$NEED_PYTHON-venv" >&2
        exit 1
    fi
}

# Prints the packages that are missing, one per line.
missing_packages() {
    if command -v dpkg-query > /dev/null 2>&1; then
        for package in $PACKAGES; do
            status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
            [ "$status" = "install ok installed" ] || echo "$package"
        done
        return
    fi
    # Not Debian: check the commands the build and the tests call, and FreeSerif.
    for tool in xelatex latexmk pdftotext pdfimages chromium; do
        command -v "$tool" > /dev/null 2>&1 || echo "$tool"
    done
    if command -v kpsewhich > /dev/null 2>&1; then
        kpsewhich lmodern.sty > /dev/null 2>&1 || echo "lmodern"
        kpsewhich texgyretermes-regular.otf > /dev/null 2>&1 || echo "tex-gyre"
    fi
    if command -v fc-list > /dev/null 2>&1; then
        fc-list | grep -q FreeSerif || echo "fonts-freefont-otf"
    fi
}

check_tools() {
    missing=$(missing_packages | tr '\n' ' ' | sed 's/ *$//')
    [ -z "$missing" ] && return 0
    command="apt-get install -y --no-install-recommends $missing"
    if ! command -v apt-get > /dev/null 2>&1; then
        echo "make test: missing $missing; install the equivalent of these Debian packages:" >&2
        echo "  $command" >&2
        exit 1
    fi
    if [ "$(id -u)" = 0 ]; then
        sudo=""
    elif command -v sudo > /dev/null 2>&1 && sudo -n true > /dev/null 2>&1; then
        sudo="sudo"
    else
        echo "make test: missing system packages: $missing. Install them, then run make test again:" >&2
        echo "  sudo apt-get update && sudo $command" >&2
        exit 1
    fi
    echo "make test: installing $missing with apt-get ..."
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        $missing > /dev/null
    still=$(missing_packages | tr '\n' ' ' | sed 's/ *$//')
    if [ -n "$still" ]; then
        echo "make test: still missing after apt-get: $still" >&2
        exit 1
    fi
}

case "${1:-}" in
    python) check_python "${2:?usage: tools/system.sh python PYTHON}" ;;
    tools) check_tools ;;
    *) echo "usage: tools/system.sh python PYTHON | tools" >&2; exit 2 ;;
esac
