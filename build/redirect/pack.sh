#!/usr/bin/env bash
# Rebuilds build/packages/patched.distributedlock.postgres.1.3.3.nupkg from the nuspec beside it.
# A .nupkg is a zip: no NuGet CLI or mono needed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../packages"
mkdir -p "$out"
python3 - "$here" "$out" <<'PY'
import sys, zipfile, os
src, out = sys.argv[1], sys.argv[2]
nupkg = os.path.join(out, "patched.distributedlock.postgres.1.3.3.nupkg")
ct = ('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="nuspec" ContentType="application/octet" /><Default Extension="_" ContentType="application/octet" />'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /></Types>')
with zipfile.ZipFile(nupkg, "w", zipfile.ZIP_DEFLATED) as z:
    for name in ["[Content_Types].xml"]:
        zi = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)); z.writestr(zi, ct)
    zi = zipfile.ZipInfo("Patched.DistributedLock.Postgres.nuspec", (2024, 1, 1, 0, 0, 0))
    z.writestr(zi, open(os.path.join(src, "Patched.DistributedLock.Postgres.nuspec"), "rb").read())
    for t in ["lib/net8.0/_._", "lib/netstandard2.0/_._"]:
        zi = zipfile.ZipInfo(t, (2024, 1, 1, 0, 0, 0)); z.writestr(zi, b"")
print(nupkg)
PY
