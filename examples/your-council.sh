#!/usr/bin/env bash
# Your council in five minutes (README): every command for a council other than Tower Hamlets.
# The test suite runs this script (test/cli/walkthrough.test.ts); the README shows the same lines.
# HISTORY and POPULATION default to the bundled copies of DfE's and ONS's national files; point them
# at the files you download. OUT is where the outputs go.
set -euo pipefail
LACPROJ=${LACPROJ:-lacproj}
AREA=${AREA:-Manchester}
HISTORY=${HISTORY:-data/england/cla-history-2010-2022.csv}
POPULATION=${POPULATION:-data/england/population-0-17-mid-2011-2024.csv}
OUT=${OUT:-.}

# 1. The projection, led by the recommended one (population continued by its recent trend,
#    since these files hold estimates only: give an ONS or GLA projection with a second --population)
$LACPROJ project --history "$HISTORY" --population "$POPULATION" --area "$AREA" --population-extend trend

# 2. How far each method could be trusted for this council: its own backtest
$LACPROJ backtest --history "$HISTORY" --population "$POPULATION" --area "$AREA" --origins 2016-2021

# 3. What if: twice the UASC arrivals the baseline implies, from 2027
$LACPROJ scenario --history "$HISTORY" --population "$POPULATION" --area "$AREA" --population-extend trend \
  --scenario examples/uasc-doubled.yaml

# 4. Sufficiency: placements by type, the gap against places, and costs, as a workbook
$LACPROJ sufficiency --history "$HISTORY" --population "$POPULATION" --area "$AREA" --population-extend trend \
  --placements examples/placements.csv --capacity examples/capacity.csv --costs examples/costs.csv \
  --format xlsx --out "$OUT/sufficiency.xlsx"
