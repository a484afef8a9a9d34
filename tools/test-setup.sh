#!/usr/bin/env bash
# What the test suite needs besides its Python packages: Debian's Chromium (the dashboard's
# browser test) and the Voice JS SDK from npm (served by examples/radio_callin). Each is
# installed only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if [ ! -f examples/radio_callin/node_modules/@twilio/voice-sdk/dist/twilio.min.js ]; then
    (cd examples/radio_callin && npm ci --no-audit --no-fund --loglevel=error)
fi
# The oldest syrupy twimlkit.testing supports, beside the newest in .venv: tests/test_testing.py
# runs in both (tests/test_syrupy_versions.py).
if [ ! -x .venv-syrupy4/bin/python ]; then
    python3 -m venv .venv-syrupy4
    .venv-syrupy4/bin/pip install -q -e . 'syrupy==4.9.1' pytest hypothesis
fi
