#!/usr/bin/env bash
# Your council in five minutes (README): every command for a council other than Tower Hamlets.
# The test suite runs this script from a temporary folder against the packed and installed package
# (test/cli/walkthrough.test.ts); the README shows the same lines. HISTORY and POPULATION default
# to the bundled national files, named "england" (reachable from any folder); point them at the
# files you download. EXAMPLES is lacproj's examples folder, OUT where the outputs go.
set -euo pipefail
LACPROJ=${LACPROJ:-lacproj}
AREA=${AREA:-Manchester}
HISTORY=${HISTORY:-england}        # bundled DfE history to 31 March 2022 (London to 2025), or your file
POPULATION=${POPULATION:-england}  # bundled ONS 0-17 estimates to mid-2024, or your file(s)
EXAMPLES=${EXAMPLES:-examples}     # in a clone; installed: "$(npm root -g)/lacproj/examples"
OUT=${OUT:-.}

# 1. The projection, led by the recommended one (population continued by its recent trend,
#    since these files hold estimates only: give an ONS or GLA projection with a second --population)
$LACPROJ project --history "$HISTORY" --population "$POPULATION" --area "$AREA" --population-extend trend

# 2. How far each method could be trusted for this council: its own backtest
$LACPROJ backtest --history "$HISTORY" --population "$POPULATION" --area "$AREA" --origins 2016-2021

# 3. What if: twice the UASC arrivals the baseline implies, from 2027
$LACPROJ scenario --history "$HISTORY" --population "$POPULATION" --area "$AREA" --population-extend trend \
  --scenario "$EXAMPLES/uasc-doubled.yaml"

# 4. Sufficiency: placements by type, the gap against places, and costs, as a workbook
$LACPROJ sufficiency --history "$HISTORY" --population "$POPULATION" --area "$AREA" --population-extend trend \
  --placements "$EXAMPLES/placements.csv" --capacity "$EXAMPLES/capacity.csv" --costs "$EXAMPLES/costs.csv" \
  --format xlsx --out "$OUT/sufficiency.xlsx"
