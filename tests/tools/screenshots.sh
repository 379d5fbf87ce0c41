#!/bin/sh
# Regenerates docs/screenshots/*.png: seeds a fresh store through the real listener (valid, invalid,
# skewed, duplicate and unsigned events, one with inline images and attachments), opens the window
# offscreen and grabs its main views. Run from the repository root.
set -eu
preset=${1:-dev}
cmake --build "build/$preset" --target hookscope_screenshots
QT_QPA_PLATFORM=offscreen "build/$preset/ui/tools/hookscope_screenshots" docs/screenshots
