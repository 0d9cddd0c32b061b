"""Regenerate the pictures of the decision brief under ``docs/``.

Renders ``sourcing assess EXAMPLE --format html`` for the QA, the hybrid (workstreams) and the
group decision (stakeholders) examples at a fixed ``--as-of`` and takes a headless Chromium
screenshot of each at a fixed window size (tall enough for the group's to reach its stakeholders'
positions):

    python docs/make_pictures.py            # from the repository root, with sourcing installed

Needs ``chromium`` (or ``chromium-browser``, ``google-chrome``) on the PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-03-01"
WINDOW = "900,2600"
# example → (picture, window WIDTH,HEIGHT in pixels)
PICTURES = {"qa-nearshore": ("brief-qa-nearshore.png", WINDOW),
            "hybrid-portfolio": ("brief-hybrid-portfolio.png", WINDOW),
            "group-data-platform": ("brief-group-data-platform.png", "900,3300")}
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def screenshot(chrome: str, page: Path, png: Path, window: str, profile: Path) -> None:
    """A screenshot of ``page`` at ``window`` (``WIDTH,HEIGHT``) pixels; nothing is fetched."""
    subprocess.run(
        [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--disable-extensions", "--no-first-run", "--disable-background-networking",
         f"--user-data-dir={profile}", f"--window-size={window}", f"--screenshot={png}",
         page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )


def main() -> int:
    chrome = browser()
    if chrome is None:
        print("error: no chromium, chromium-browser or google-chrome on the PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for example, (picture, window) in PICTURES.items():
            page = Path(tmp) / f"{example}.html"
            subprocess.run([sys.executable, "-m", "sourcing_cli", "assess",
                            f"examples/{example}.yaml", "--format", "html",
                            "--as-of", AS_OF, "--output", str(page)], check=True, cwd=ROOT)
            screenshot(chrome, page, ROOT / "docs" / picture, window, Path(tmp) / "profile")
            print(f"wrote docs/{picture}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
