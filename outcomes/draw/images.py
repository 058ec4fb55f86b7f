"""Plotly figures as PNG images, for the board pack: offline, in the installed Chromium.

kaleido 1.x drives a headless Chromium (Debian's /usr/bin/chromium, the same
one the browser tests use; `BROWSER_PATH` names another). Nothing is fetched
from the network: plotly.js is the copy inside the plotly package, MathJax is
switched off, and Chromium is pointed at a proxy on a closed loopback port, so
any request that something might still try fails at once instead of leaving
the machine.

The browser is started once per process, in a background thread with its own
event loop (`start()`, which returns at once, so a caller can start it before
running its queries), and reused for every later image: starting Chromium costs
a few seconds, an image about a tenth of one. kaleido reloads its page (and so
re-parses plotly.js, ~0.3 s) after every image; plotly.js' `toImage` keeps no
state between figures, so this module skips the reload.

No Streamlit here: the command line and the app both call it.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import copy
import io
import os
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

import plotly

DEFAULT_BROWSER = Path("/usr/bin/chromium")
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
BLACKHOLE_PROXY = "http://127.0.0.1:9"   # the discard port, closed: requests fail locally
TABS = 2                                 # renders in parallel (the machines have 2 cores)
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 120.0

WIDTH, HEIGHT, SCALE = 780, 340, 2       # CSS pixels, then 2x for print


class ChartRenderError(RuntimeError):
    """No browser to draw charts with, or it failed to draw one."""


def browser_path() -> Path:
    """The Chromium to use: BROWSER_PATH, else Debian's, else one on PATH."""
    env = os.environ.get("BROWSER_PATH")
    candidates = [Path(env)] if env else [DEFAULT_BROWSER] + [
        Path(p) for p in (shutil.which(n) for n in ("chromium", "chromium-browser",
                                                    "google-chrome", "chrome")) if p]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    where = f"BROWSER_PATH={env}" if env else str(DEFAULT_BROWSER)
    raise ChartRenderError(
        f"no Chromium to draw the charts with (looked for {where}): install it "
        "(apt-get install chromium) or set BROWSER_PATH to a Chrome or Chromium")


def page_generator():
    """kaleido's page with local plotly.js and no MathJax: no script from a CDN."""
    from kaleido import PageGenerator

    if not PLOTLY_JS.is_file():
        raise ChartRenderError(f"plotly.js is missing from the plotly package ({PLOTLY_JS})")
    return PageGenerator(plotly=PLOTLY_JS, mathjax=False)


def _kaleido_class():
    import kaleido

    class _Kaleido(kaleido.Kaleido):
        """Returns a tab to the queue without reloading the page (see module docstring)."""

        async def _return_kaleido_tab(self, tab) -> None:
            await self.tabs_ready.put(tab)

    # Only if this kaleido still has the hook we replace; otherwise plain kaleido.
    return _Kaleido if hasattr(kaleido.Kaleido, "_return_kaleido_tab") else kaleido.Kaleido


class _Renderer:
    """One headless Chromium for the process, behind an event loop in a daemon thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._browser: concurrent.futures.Future | None = None
        self._atexit = False

    def start(self) -> None:
        with self._lock:
            if self._loop is not None:
                return
            path = browser_path()
            os.environ.setdefault("BROWSER_PATH", str(path))
            page = page_generator()
            cls = _kaleido_class()
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="outcomes-kaleido",
                                      daemon=True)
            thread.start()

            async def _open():
                k = cls(n=TABS, timeout=RENDER_TIMEOUT, page_generator=page, path=str(path),
                        proxy_server=BLACKHOLE_PROXY)
                await k.open()
                return k

            self._loop, self._thread = loop, thread
            self._browser = asyncio.run_coroutine_threadsafe(_open(), loop)
            if not self._atexit:
                atexit.register(self.stop)
                self._atexit = True

    def submit(self, fig: dict, opts: dict) -> concurrent.futures.Future:
        """Queue one render; it waits for the browser to open, without blocking the caller."""
        self.start()
        opened, loop = self._browser, self._loop

        async def _one():
            try:
                k = await asyncio.wrap_future(opened)
            except Exception as exc:  # noqa: BLE001
                raise ChartRenderError(f"Chromium could not start to draw the charts: "
                                       f"{_one_line(exc)}") from exc
            return await k.calc_fig(fig, opts=dict(opts))

        return asyncio.run_coroutine_threadsafe(_one(), loop)

    def collect(self, futures: Sequence[concurrent.futures.Future]) -> list[bytes]:
        """The PNG bytes of queued renders, in order; ChartRenderError if any failed."""
        out = []
        try:
            for future in futures:
                out.append(future.result(timeout=START_TIMEOUT + RENDER_TIMEOUT))
        except Exception as exc:  # noqa: BLE001
            for future in futures:
                future.cancel()
            self.stop()   # a browser that failed once is not trusted again
            if isinstance(exc, ChartRenderError):
                raise
            raise ChartRenderError(f"a chart could not be drawn: {_one_line(exc)}") from exc
        return out

    def stop(self) -> None:
        with self._lock:
            loop, thread, browser = self._loop, self._thread, self._browser
            self._loop = self._thread = self._browser = None
        if loop is None:
            return
        try:
            if browser is not None:
                # Let an opening browser finish (cancelling it half-way can leave Chromium
                # running), then close it.
                k = browser.result(timeout=START_TIMEOUT)
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(timeout=15)
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=15)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]


_renderer = _Renderer()


def start() -> None:
    """Start the browser in the background (returns at once; idempotent)."""
    _renderer.start()


def stop() -> None:
    """Close the browser (it starts again on the next image)."""
    _renderer.stop()


def submit(fig, *, width: int = WIDTH, height: int = HEIGHT,
           scale: float = SCALE) -> concurrent.futures.Future:
    """Queue a figure (go.Figure or its dict) for rendering; returns at once.
    Pass the futures to `collect`. Starts the browser if it is not running."""
    spec = fig.to_dict() if hasattr(fig, "to_dict") else fig
    return _renderer.submit(spec, {"format": "png", "width": width, "height": height,
                                   "scale": scale})


def collect(futures: Sequence[concurrent.futures.Future], *, grey: bool = False) -> list[bytes]:
    """PNG bytes of submitted figures, in order (8-bit greyscale with grey=True)."""
    pngs = _renderer.collect(futures)
    return [to_grey(p) for p in pngs] if grey else pngs


def to_grey(png: bytes) -> bytes:
    """The image as 8-bit greyscale PNG: what a greyscale printer will print, a third the size."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        buffer = io.BytesIO()
        im.convert("L").save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


def for_print(fig, *, font_size: int = 17) -> dict:
    """A copy of the figure (as a plotly dict) for paper: white background, black text a size
    up, no hover. Lines keep their dashes and markers, so they read in greyscale too."""
    spec = fig.to_dict() if hasattr(fig, "to_dict") else copy.deepcopy(fig)
    layout = spec.setdefault("layout", {})
    layout.update(paper_bgcolor="white", plot_bgcolor="white", hovermode=False)
    font = dict(layout.get("font") or {})
    font.update(size=font_size, color="#000000")
    layout["font"] = font
    for axis in ("xaxis", "yaxis"):
        ax = dict(layout.get(axis) or {})
        ax.update(gridcolor="#d9d9d9", linecolor="#000000", tickfont={"color": "#000000"})
        if isinstance(ax.get("title"), dict):
            ax["title"] = {**ax["title"], "font": {"color": "#000000"}}
        layout[axis] = ax
    for ann in layout.get("annotations") or ():
        ann_font = dict(ann.get("font") or {})
        ann_font["size"] = max(ann_font.get("size") or font_size - 2, font_size - 3)
        ann["font"] = ann_font
    return spec
