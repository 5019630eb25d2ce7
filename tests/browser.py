"""Headless Chromium for the docs' browser tests: one way to find and start it.

Used by ``tests/test_explorer.py`` and the page tests (``test_pages_*.py``).
Needs Debian's ``chromium`` and ``chromium-driver`` and selenium (the
``test`` extra). Without them the tests skip, except when the environment
variable ``CI`` is set: there a missing browser fails, so that CI never
passes by skipping.
"""

import contextlib
import importlib.util
import os
import shutil

import pytest

#: Flags for a quiet, offline-friendly headless session: no first-run pages,
#: no background downloads, no QUIC; names that are not files resolve to
#: nothing, so that a page's request for the network fails fast instead of
#: reaching it (the request is still logged, see :func:`network_requests`).
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
#: The width at which the pages must read (issue 16).
PAGE_WIDTH = 1280
#: URL schemes that load from the network.
NETWORK_SCHEMES = ("http:", "https:", "ws:", "wss:", "ftp:")


def browser_missing():
    """Why Chromium cannot be driven here, or None."""
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install -e '.[test]')"
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        return (
            "Chromium and its driver are not installed "
            "(apt-get install chromium chromium-driver)"
        )
    return None


def require_browser():
    """Skip the calling test without Chromium; fail instead when CI is set."""
    reason = browser_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(
                f"{reason}; CI runs the browser tests, they must not skip"
            )
        pytest.skip(reason)


def start_chromium(
    profile, *, width=PAGE_WIDTH, height=900, log_network=False, reach=()
):
    """A selenium driver of headless Chromium, its viewport ``width`` wide.

    Parameters
    ----------
    profile : pathlib.Path
        An empty folder for the browser's profile.
    width, height : int
        The size of the window's viewport, in CSS pixels.
    log_network : bool
        Record the requests the pages make (read them with
        :func:`network_requests`).
    reach : sequence of str
        Hosts the browser may resolve after all, such as ``"127.0.0.1"``
        for a server a test started on this machine.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # Never let selenium download a driver.
    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in CHROMIUM_FLAGS:
        if reach and flag.startswith("--host-resolver-rules="):
            flag += "".join(f", EXCLUDE {host}" for host in reach)
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--user-data-dir={profile}")
    logs = {"browser": "ALL"}
    if log_network:
        logs["performance"] = "ALL"
    options.set_capability("goog:loggingPrefs", logs)
    driver = webdriver.Chrome(
        service=Service(executable_path=shutil.which("chromedriver")),
        options=options,
    )
    # The viewport itself, not only the window, is `width` CSS pixels wide.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": False,
        },
    )
    return driver


def set_colour_scheme(driver, scheme):
    """Make pages see a reader's system in ``"light"`` or ``"dark"`` mode."""
    if scheme not in ("light", "dark"):
        raise ValueError(f"scheme must be 'light' or 'dark', got {scheme!r}")
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )


def network_requests(driver):
    """The URLs requested since the last call (needs ``log_network``).

    Call it once before opening the page under test: the log starts with
    the browser's own new-tab page.
    """
    import json

    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def from_network(urls):
    """The URLs of ``urls`` that would load something from the network."""
    return [url for url in urls if url.lower().startswith(NETWORK_SCHEMES)]


#: Resolves once the page has loaded, its explorer widgets are built, MathJax
#: has typeset it and its CSS transitions have ended (the theme fades colours
#: in when it applies the dark mode; for execute_async_script).
_SETTLED = """
const done = arguments[arguments.length - 1];
const widgetsReady = () => [
  ...document.querySelectorAll('[data-lcdnet-widget]'),
].every((root) => root.dataset.ready === 'true');
const transitions = () => Promise.all(document.getAnimations()
  .filter((run) => run.effect.getComputedTiming().endTime !== Infinity)
  .map((run) => run.finished));
const wait = () => {
  if (document.readyState !== 'complete' || !widgetsReady()) {
    setTimeout(wait, 50);
    return;
  }
  const maths = window.MathJax && window.MathJax.startup
    && window.MathJax.startup.promise;
  Promise.resolve(maths).then(transitions).then(transitions)
    .then(() => done(true), (error) => done(String(error)));
};
wait();
"""


def open_page(driver, path, timeout=60):
    """Open the file ``path``, and wait until it has settled (``_SETTLED``)."""
    driver.set_script_timeout(timeout)
    driver.get(path.as_uri())
    settled = driver.execute_async_script(_SETTLED)
    if settled is not True:
        raise AssertionError(f"{path}: the page did not settle: {settled}")


@contextlib.contextmanager
def chromium(tmp_path_factory, **options):
    """A Chromium session (skips or fails as :func:`require_browser` says)."""
    require_browser()
    profile = tmp_path_factory.mktemp("chromium-profile")
    driver = start_chromium(profile, **options)
    try:
        yield driver
    finally:
        driver.quit()
