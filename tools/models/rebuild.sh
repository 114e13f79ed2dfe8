#!/usr/bin/env bash
# Rebuilds the bundled models in models/ from the UpscalerJS npm packages:
#   npm pack @upscalerjs/esrgan-{thick,medium,slim}@1.0.0 into a temporary folder, then converts each
#   models/x4/model.json to models/<id>.onnx + models/<id>.card.json with the Engine's TfjsModelConverter.
#
# usage: tools/models/rebuild.sh   (converts through the CLI verb `models import-tfjs`)
#
# Needs npm (registry access) and the .NET SDK. The conversion is deterministic for a given converter
# version, so an unchanged converter reproduces the committed files byte for byte (see the sha256 in the cards).
# To regenerate the test fixtures as well: (cd tools/tfjs-reference && npm ci && node reference.js).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)


work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A ids=([thick]=rrdn-thick-x4 [medium]=rdn-medium-x4 [slim]=rdn-slim-x4)

dotnet build SemSrDashboard -c Release --nologo -v quiet >/dev/null

for size in thick medium slim; do
  pkg="@upscalerjs/esrgan-${size}@1.0.0"
  echo "== ${pkg}"
  (cd "$work" && npm pack --silent "$pkg" > "pack-${size}.txt")
  mkdir -p "$work/$size"
  tar -xzf "$work/$(cat "$work/pack-${size}.txt")" -C "$work/$size"
  model_json="$work/$size/package/models/x4/model.json"
  dotnet SemSrDashboard/bin/Release/net10.0/SemSrDashboard.dll models import-tfjs "$model_json" --id "${ids[$size]}" --out "$repo/models"
done

git -C "$repo" status --short -- models
