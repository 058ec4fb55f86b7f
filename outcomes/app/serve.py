"""Start the dashboard: `streamlit run app.py` with the given options, and without
Streamlit's pages-folder mode.

app.py declares its pages with st.navigation. Because a folder named pages/ sits beside
it, Streamlit also treats the app as an old-style multipage app: it first resolves the
address against the files' own names (care_leavers, not care-leavers), and the first
visitor after a start who opens a link such as /care-leavers is told "Page not found"
(streamlit/streamlit#9992). Started here, the pages folder is only a folder.

    python -m outcomes.app.serve --server.port 8501 --server.address 127.0.0.1
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False      # st.navigation alone says the pages
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
