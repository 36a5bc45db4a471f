"""Write MANIFEST.json: name, version, source and sha256 of every vendored file.

The files come from the npm registry (`npm pack bootstrap@5.3.9 htmx.org@2.0.11`); tests check that
the files on disk still match this manifest.
"""

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = {
    "bootstrap-5.3.9": {"name": "bootstrap", "version": "5.3.9", "source": "npm: bootstrap@5.3.9 (dist/)"},
    "htmx-2.0.11": {"name": "htmx.org", "version": "2.0.11", "source": "npm: htmx.org@2.0.11 (dist/)"},
}

if __name__ == "__main__":
    manifest = []
    for folder, meta in PACKAGES.items():
        files = {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((HERE / folder).iterdir())
        }
        manifest.append({**meta, "folder": folder, "sha256": files})
    (HERE / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
