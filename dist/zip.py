"""Packs a staging folder into a zip for dist/build.sh: entries sorted, one
fixed timestamp, UTF-8 names (flag bit 11, so Chinese names open right in
Explorer, WPS and 7-Zip), executables marked 0755 for Linux unzip.

    python3 dist/zip.py FOLDER OUT.zip
"""

import os
import sys
import zipfile

EPOCH = (2024, 1, 1, 0, 0, 0)


def main(folder: str, out: str) -> None:
    top = os.path.basename(os.path.normpath(folder))
    paths = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for f in sorted(files):
            paths.append(os.path.join(base, f))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for p in paths:
            rel = os.path.relpath(p, folder).replace(os.sep, "/")
            info = zipfile.ZipInfo(f"{top}/{rel}", EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if os.access(p, os.X_OK) and not rel.endswith((".txt", ".toml")) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            info.create_system = 3
            with open(p, "rb") as f:
                z.writestr(info, f.read())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
