"""The docs' explorer page, driven in a real browser: headless Chromium
over file://.

Which page:

* by default, a standalone explorer: ``docs/_static/explorer/`` copied to a
  temporary folder, with ``models.json`` and ``models.js`` written by the
  docs extension's own :func:`lcdnet_explorer.write_explorer_files` (it
  trains the models as the docs build does), opened as ``index.html``;
* with ``LCDNET_EXPLORER_PAGE`` set to a built page, that page, e.g.
  ``docs/_build/html/explorer.html`` after the docs build, with the
  ``models.json`` the build wrote (``_static/explorer/models.json``).

``.ci/run`` runs both. Screenshots go to ``LCDNET_EXPLORER_SCREENSHOTS`` if
set, else to pytest's temporary folder; their paths are printed.

Needs Debian's ``chromium`` and ``chromium-driver`` and selenium (the
``test`` extra). Without them the tests skip, except when the environment
variable ``CI`` is set: there a missing browser fails (``tests/browser.py``).
"""

import importlib.util
import json
import os
import pathlib
import time
from collections import deque

import numpy as np
import pytest

import lcdnet
from lcdnet.xnor import XNOR_INPUTS, XNOR_TARGETS
from tests.browser import require_browser, start_chromium

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "docs" / "_ext" / "lcdnet_explorer.py"
PAGE_VARIABLE = "LCDNET_EXPLORER_PAGE"
SCREENSHOT_VARIABLE = "LCDNET_EXPLORER_SCREENSHOTS"
MODEL_NAMES = ("memorised", "every_offset", "cnn")
#: The issue's exactness targets.
PREDICTION_TOLERANCE = 1e-5
XNOR_LOSS_TOLERANCE = 1e-4
MOVES = {
    (-1, 0): "ARROW_UP",
    (1, 0): "ARROW_DOWN",
    (0, -1): "ARROW_LEFT",
    (0, 1): "ARROW_RIGHT",
}


def load_extension():
    """docs/_ext/lcdnet_explorer.py as a module.

    It imports neither Sphinx nor Keras.
    """
    spec = importlib.util.spec_from_file_location("lcdnet_explorer", EXTENSION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def explorer_page(tmp_path_factory):
    """(page, models.json) of the explorer to test.

    A built page, or a fresh standalone one.
    """
    built = os.environ.get(PAGE_VARIABLE)
    if built:
        page = pathlib.Path(built).resolve()
        models = page.parent / "_static" / "explorer" / "models.json"
        if not models.is_file():
            models = page.parent / "models.json"
        if not page.is_file() or not models.is_file():
            pytest.fail(
                f"{PAGE_VARIABLE}={built}: no such page, or no models.json "
                f"beside it (build the docs first)"
            )
        return page, models
    folder = tmp_path_factory.mktemp("explorer")
    models = load_extension().write_explorer_files(folder, copy_sources=True)
    return folder / "index.html", models


@pytest.fixture(scope="module")
def models_data(explorer_page):
    return json.loads(explorer_page[1].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def keras_models(models_data):
    """The exported models rebuilt as the format promises.

    Each is builder(**kwargs), then set_weights.
    """
    rebuilt = {}
    for name, entry in models_data["models"].items():
        model = getattr(lcdnet, entry["builder"])(**entry["kwargs"])
        model.set_weights(
            [np.asarray(array, dtype="float32") for array in entry["weights"]]
        )
        rebuilt[name] = model
    return rebuilt


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory):
    folder = os.environ.get(SCREENSHOT_VARIABLE)
    folder = (
        pathlib.Path(folder)
        if folder
        else tmp_path_factory.mktemp("screenshots")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Browser:
    """One headless Chromium session on the page.

    It collects the console as it goes.
    """

    def __init__(self, page, profile):
        self.driver = start_chromium(profile, width=1300, height=1400)
        self.console = []
        self.driver.get(page.as_uri())
        self.wait_for(
            "return document.querySelectorAll('[data-lcdnet-widget]')"
            ".length > 0 && "
            "[...document.querySelectorAll('[data-lcdnet-widget]')]"
            ".every(root => root.dataset.ready === 'true')"
        )

    def run(self, script, *args):
        return self.driver.execute_script(script, *args)

    def wait_for(self, condition, timeout=60):
        deadline = time.monotonic() + timeout
        while not self.run(condition):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout} s waiting for: {condition}"
                )
            time.sleep(0.05)

    def find(self, selector, within=None):
        return (within or self.driver).find_element("css selector", selector)

    def read_console(self):
        self.console += self.driver.get_log("browser")
        return self.console

    def severe_messages(self):
        return [
            entry["message"]
            for entry in self.read_console()
            if entry["level"] == "SEVERE"
        ]

    def screenshot(self, element, path):
        """A PNG of ``element``.

        The element is scrolled to the top of the window first, so that all
        of it shows.
        """
        self.run("arguments[0].scrollIntoView({block: 'start'})", element)
        element.screenshot(str(path))
        print(f"screenshot: {path}")
        return path.read_bytes()

    def answer(self, name):
        return int(
            self.find(f'[data-model="{name}"]').get_attribute("data-answer")
        )

    def offset(self):
        grid = self.find('[data-role="grid"]')
        return int(grid.get_attribute("data-row")), int(
            grid.get_attribute("data-col")
        )


@pytest.fixture(scope="module")
def browser(explorer_page, tmp_path_factory):
    require_browser()
    session = Browser(
        explorer_page[0], tmp_path_factory.mktemp("chromium-profile")
    )
    yield session
    session.driver.quit()


# ------------------------------------------------------------------ the export


def test_models_json_holds_the_three_models_in_the_promised_format(
    models_data, keras_models
):
    assert list(models_data["models"]) == list(MODEL_NAMES)
    for name, entry in models_data["models"].items():
        assert set(entry) == {"builder", "kwargs", "weights"}
        assert entry["builder"] in ("make_linear_model", "make_deep_model")
        # Rebuilt from builder(**kwargs), the model takes the weights in
        # get_weights() order.
        shapes = [array.shape for array in keras_models[name].get_weights()]
        assert [
            np.asarray(array).shape for array in entry["weights"]
        ] == shapes
    assert (
        keras_models["cnn"].name == "deep"
        and keras_models["memorised"].name == "linear"
    )
    seen = models_data["explorer"]["seen_offsets"]
    assert all(len(seen["every_offset"][digit]) == 36 for digit in range(10))
    assert (
        seen["cnn"] == seen["memorised"]
    )  # the CNN learned from the same 100 pictures
    assert 0 < sum(len(offsets) for offsets in seen["memorised"]) <= 100


def test_exported_models_show_what_the_page_says(models_data, keras_models):
    """The claims of docs/explorer.rst.

    Checked by the same function the build runs.
    """
    extension = load_extension()
    images = []
    for digit, offsets in enumerate(
        models_data["explorer"]["seen_offsets"]["memorised"]
    ):
        images += [
            lcdnet.place_digits([digit], [offset])[0] for offset in offsets
        ]
    models = {
        name: extension.ExplorerModel(model, "", {}, "", "", np.array(images))
        for name, model in keras_models.items()
    }
    extension.check_page_claims(
        models
    )  # raises RuntimeError when a claim fails


# -------------------------------------------------------------- in the browser


def test_page_loads_without_console_errors(browser):
    assert browser.run("return window.lcdnetExplorer.modelNames()") == list(
        MODEL_NAMES
    )
    assert browser.severe_messages() == []


def test_every_control_is_labelled_and_native(browser):
    unlabelled = browser.run("""
        const missing = [];
        for (const control of document.querySelectorAll(
                '.lcd-widget select, .lcd-widget input, .lcd-widget button')) {
          const named = control.labels && control.labels.length > 0
            || control.getAttribute('aria-label')
            || control.textContent.trim();
          if (!named) missing.push(control.outerHTML);
        }
        return missing;""")
    assert unlabelled == []
    grid = browser.find('[data-role="grid"]')
    assert grid.get_attribute("tabindex") == "0" and grid.get_attribute(
        "aria-label"
    )
    assert browser.find('[data-role="digit"]').tag_name == "select"


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_predictions_match_keras_on_random_images(browser, keras_models, name):
    rng = np.random.default_rng(11)
    # Half of them 0/1 pixels like the digits, half grey levels.
    images = np.concatenate(
        [(rng.random((25, 10, 10)) < 0.3), rng.random((25, 10, 10))]
    )
    images = images.astype("float32")
    expected = lcdnet.predict(keras_models[name], images)
    in_page = np.array(
        browser.run(
            "return arguments[1].map("
            "image => window.lcdnetExplorer.predict(arguments[0], image))",
            name,
            images.tolist(),
        )
    )
    difference = np.abs(in_page - expected).max()
    print(
        f"{name}: largest |JS - Keras| over 50 images x 10 classes = "
        f"{difference:.2e}"
    )
    assert difference <= PREDICTION_TOLERANCE
    assert (in_page.argmax(axis=1) == expected.argmax(axis=1)).all()


def keras_answers(keras_models, digit):
    """Each model's answer for ``digit`` at each of the 36 offsets.

    A dict per model, keyed by offset.
    """
    offsets = lcdnet.all_positions(10)
    images = lcdnet.place_digits([digit] * len(offsets), offsets)
    return {
        name: dict(
            zip(
                offsets,
                lcdnet.predict_classes(model, images).tolist(),
                strict=True,
            )
        )
        for name, model in keras_models.items()
    }


def arrow_path(start, seen, answers, digit):
    """The shortest walk by arrow keys from ``start`` to an offset the
    memorised model never saw and gets wrong, through offsets where the CNN
    is right; None if there is none."""
    queue = deque([(start, [])])
    visited = {start}
    while queue:
        (row, col), keys = queue.popleft()
        if (row, col) not in seen and answers["memorised"][
            (row, col)
        ] != digit:
            return keys, (row, col)
        for (dr, dc), key in MOVES.items():
            step = (row + dr, col + dc)
            if (
                step in answers["cnn"]
                and step not in visited
                and answers["cnn"][step] == digit
            ):
                visited.add(step)
                queue.append((step, keys + [key]))
    return None


def test_arrow_keys_leave_the_memorised_offsets_and_only_the_cnn_stays_right(
    browser, models_data, keras_models, screenshot_dir
):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    for digit in (7, *range(10)):
        seen = {
            tuple(offset)
            for offset in models_data["explorer"]["seen_offsets"]["memorised"][
                digit
            ]
        }
        answers = keras_answers(keras_models, digit)
        start = tuple(
            models_data["explorer"]["seen_offsets"]["memorised"][digit][0]
        )
        walk = arrow_path(start, seen, answers, digit)
        if walk:
            break
    else:
        pytest.fail(
            "no digit can walk by arrow keys from a training offset to one "
            "where the memorised model fails while the CNN stays right"
        )
    keys, target = walk
    Select(browser.find('[data-role="digit"]')).select_by_value(str(digit))
    # A chosen digit starts at an offset where the memorised model saw it in
    # training.
    assert browser.offset() == start
    assert browser.answer("memorised") == digit == browser.answer("cnn")
    grid = browser.find('[data-role="grid"]')
    for key in keys:
        grid.send_keys(getattr(Keys, key))
        offset = browser.offset()
        assert browser.answer("cnn") == digit, f"CNN wrong at {offset}"
        for name in MODEL_NAMES:
            assert browser.answer(name) == answers[name][offset], (
                name,
                offset,
            )
    assert browser.offset() == target and target not in seen
    assert browser.answer("memorised") != digit
    assert "never saw" in browser.find('[data-role="where"]').text
    png = browser.screenshot(
        browser.find('[data-lcdnet-widget="digits"]'),
        screenshot_dir / "explorer-digits.png",
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # Back to where it was: the memorised model is right again.
    opposite = {
        key: other
        for (move, key) in MOVES.items()
        for (back, other) in MOVES.items()
        if back == (-move[0], -move[1])
    }
    for key in reversed(keys):
        grid.send_keys(getattr(Keys, opposite[key]))
    assert browser.offset() == start and browser.answer("memorised") == digit


def test_painting_with_the_keyboard_changes_the_picture_the_models_read(
    browser,
):
    from selenium.webdriver.common.keys import Keys

    browser.find('[data-role="mode-paint"]').click()
    browser.find('[data-role="clear"]').click()
    grid = browser.find('[data-role="grid"]')
    grid.send_keys(Keys.SPACE, Keys.ARROW_DOWN, Keys.SPACE)
    assert grid.get_attribute("data-painted") == "true"
    lit = browser.run(
        "return [...document.querySelectorAll('.lcd-cell')]"
        ".map(cell => cell.classList.contains('lcd-on') ? 1 : 0)"
    )
    assert sum(lit) == 2
    image = np.array(lit, dtype=float).reshape(10, 10).tolist()
    for name in MODEL_NAMES:
        shown = json.loads(
            browser.find(f'[data-model="{name}"]').get_attribute(
                "data-probabilities"
            )
        )
        expected = browser.run(
            "return window.lcdnetExplorer.predict(arguments[0], arguments[1])",
            name,
            image,
        )
        np.testing.assert_allclose(shown, expected, rtol=0, atol=1e-12)
    browser.find('[data-role="mode-move"]').click()
    assert grid.get_attribute("data-painted") == "false"


@pytest.mark.parametrize(
    "hidden_units, seed, learning_rate", [(2, 0, 0.03), (4, 3, 0.1)]
)
def test_xnor_training_in_the_page_follows_keras_adam(
    browser, hidden_units, seed, learning_rate
):
    model = lcdnet.make_xnor_model(
        seed=seed, hidden_units=hidden_units, learning_rate=learning_rate
    )
    initial = [array.tolist() for array in model.get_weights()]
    history = lcdnet.train(
        model, XNOR_INPUTS, XNOR_TARGETS, steps=500, log_every=1
    )
    final_loss = float(
        np.mean((lcdnet.predict(model, XNOR_INPUTS) - XNOR_TARGETS) ** 2)
    )
    in_page = browser.run(
        "return window.lcdnetExplorer.trainXnor({hiddenUnits: arguments[0], "
        "learningRate: arguments[1], steps: 500, "
        "initialWeights: arguments[2]})",
        hidden_units,
        learning_rate,
        initial,
    )
    curve = np.abs(np.array(in_page["loss"]) - history["loss"]).max()
    after = abs(in_page["finalLoss"] - final_loss)
    print(
        f"XNOR 2-{hidden_units}-1, lr {learning_rate}: "
        f"largest |JS - Keras| loss over 500 steps {curve:.2e}, "
        f"after them {after:.2e}"
    )
    assert len(in_page["loss"]) == 500
    assert curve <= XNOR_LOSS_TOLERANCE and after <= XNOR_LOSS_TOLERANCE
    # The weights come back in Keras's get_weights() order and shapes.
    weights = [np.asarray(array) for array in in_page["weights"]]
    assert [w.shape for w in weights] == [w.shape for w in model.get_weights()]
    assert (
        np.abs(
            lcdnet.predict(_xnor_with(weights, hidden_units), XNOR_INPUTS)
            - lcdnet.predict(model, XNOR_INPUTS)
        ).max()
        < 1e-3
    )


def _xnor_with(weights, hidden_units):
    model = lcdnet.make_xnor_model(hidden_units=hidden_units)
    model.set_weights([w.astype("float32") for w in weights])
    return model


def test_a_seed_in_the_page_starts_from_make_xnor_models_weights(browser):
    for seed in (0, 1, 12345):
        for hidden_units in (1, 2, 3, 4):
            expected = lcdnet.make_xnor_model(
                seed=seed, hidden_units=hidden_units
            ).get_weights()
            in_page = browser.run(
                "return window.lcdnetExplorer.xnorInitialWeights("
                "arguments[0], arguments[1])",
                seed,
                hidden_units,
            )
            for want, got in zip(expected, in_page, strict=True):
                # Bit for bit: the page draws the same float32 numbers.
                np.testing.assert_array_equal(
                    np.asarray(got, dtype="float64"), want.astype("float64")
                )


def test_xnor_playground_shows_what_the_page_says(browser, models_data):
    """The claims of the playground's "What you should see".

    Checked at the page's settings.
    """
    settings = models_data["explorer"]["xnor"]
    threshold = settings["threshold"]
    result = browser.run(
        """
        const [steps, seeds, threshold, rate] = arguments;
        const api = window.lcdnetExplorer;
        const train = (seed, hiddenUnits, learningRate) =>
          api.trainXnor({seed, hiddenUnits, learningRate, steps});
        const learned = {};
        for (const hiddenUnits of [1, 2, 3, 4]) {
          learned[hiddenUnits] = 0;
          for (let seed = 0; seed < seeds; seed++) {
            if (train(seed, hiddenUnits, rate).finalLoss < threshold) {
              learned[hiddenUnits] += 1;
            }
          }
        }
        const stuck = train(1, 2, rate).weights;
        const sigmoid = z => 1 / (1 + Math.exp(-z));
        const corners = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([a, b]) => {
          let z = stuck[3][0];
          for (let j = 0; j < 2; j++) {
            z += stuck[2][j][0] * sigmoid(
              a * stuck[0][0][j] + b * stuck[0][1][j] + stuck[1][j]);
          }
          return sigmoid(z);
        });
        return {learned, corners, seed0: train(0, 2, rate).finalLoss,
                seed1: train(1, 2, rate).finalLoss,
                seed0fast: train(0, 2, 0.1).finalLoss};""",
        settings["steps"],
        settings["seeds"],
        threshold,
        settings["learning_rate"],
    )
    learned = [result["learned"][str(h)] for h in (1, 2, 3, 4)]
    assert learned[0] == 0 and learned[1] < learned[2] < learned[3], learned
    assert result["seed0"] < threshold <= result["seed1"]
    assert sum(abs(corner - 0.5) < 0.1 for corner in result["corners"]) == 2
    assert result["seed0fast"] >= threshold


def test_training_and_the_lottery_run_in_the_page(
    browser, models_data, screenshot_dir
):
    from selenium.webdriver.support.ui import Select

    playground = browser.find('[data-lcdnet-widget="xnor"]')
    Select(
        browser.find('[data-role="hidden-units"]', playground)
    ).select_by_value("2")
    train = browser.find('[data-role="train"]', playground)
    progress = browser.find('[data-role="progress"]', playground)
    steps = (
        "return Number(document.querySelector('[data-role=progress]')"
        ".dataset.step)"
    )
    assert browser.run(steps) == 0
    train.click()  # trains in the page, frame by frame, until paused
    browser.wait_for(steps + " >= 200")
    assert train.get_attribute("aria-pressed") == "true"
    train.click()
    paused_at = browser.run(steps)
    assert (
        train.get_attribute("aria-pressed") == "false"
        and train.text == "Train"
    )
    browser.find('[data-role="step"]', playground).click()
    assert browser.run(steps) == paused_at + 100
    loss = float(progress.get_attribute("data-loss"))
    assert loss == pytest.approx(
        browser.run(
            "return window.lcdnetExplorer.trainXnor("
            "{seed: 0, steps: arguments[0]}).finalLoss",
            paused_at + 100,
        ),
        abs=1e-12,
    )
    browser.find('[data-role="lottery"]', playground).click()
    browser.wait_for(
        "return 'share' in document.querySelector("
        "'[data-role=lottery-result]').dataset",
        timeout=60,
    )
    lottery = browser.find('[data-role="lottery-result"]', playground)
    share = float(lottery.get_attribute("data-share"))
    learned, total = (
        int(lottery.get_attribute(key))
        for key in ("data-learned", "data-total")
    )
    assert 0 < share < 1 and share == learned / total
    assert total == models_data["explorer"]["xnor"]["seeds"]
    assert f"{learned} of {total} seeds" in lottery.text
    assert (
        len(playground.find_elements("css selector", ".lcd-ticket")) == total
    )
    png = browser.screenshot(playground, screenshot_dir / "explorer-xnor.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_maps_strike_out_wrong_offsets_as_well_as_colouring_them(browser):
    """Right and wrong differ by a mark, not by colour alone (issue 16)."""
    from selenium.webdriver.support.ui import Select

    Select(browser.find('[data-role="digit"]')).select_by_value("7")
    cells = browser.run("""
        const cells = document.querySelectorAll('.lcd-map-cell, .lcd-ticket');
        return [...cells].map((cell) => ({
          right: cell.classList.contains('lcd-right'),
          wrong: cell.classList.contains('lcd-wrong'),
          stroke: getComputedStyle(cell).backgroundImage
            .includes('linear-gradient')}));""")
    wrong = [cell for cell in cells if cell["wrong"]]
    right = [cell for cell in cells if cell["right"]]
    assert wrong and right, "the maps show no right or no wrong offset for a 7"
    assert all(cell["stroke"] for cell in wrong)
    assert not any(cell["stroke"] for cell in right)
    caption = browser.find('[data-model="memorised"] .lcd-map-caption').text
    assert "struck out: wrong" in caption


def test_each_move_is_announced_with_every_models_answer(browser):
    """A screen reader hears where the digit is and what each model says."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    Select(browser.find('[data-role="digit"]')).select_by_value("3")
    status = browser.find('[data-lcdnet-widget="digits"] [data-role="status"]')
    assert status.get_attribute("aria-live") == "polite"
    browser.find('[data-role="grid"]').send_keys(Keys.ARROW_RIGHT)
    row, col = browser.offset()
    said = status.get_attribute("textContent")
    assert said.startswith(f"3 at row {row}, column {col}")
    titles = browser.run("return window.LCDNET_MODELS.explorer.titles")
    for name in MODEL_NAMES:
        answer = browser.answer(name)
        verdict = "right" if answer == 3 else "wrong"
        assert f"{titles[name]} says {answer}, {verdict}" in said, said


def test_xnor_training_is_announced_when_it_stops_not_at_every_frame(browser):
    from selenium.webdriver.support.ui import Select

    playground = browser.find('[data-lcdnet-widget="xnor"]')
    status = browser.find('[data-role="xnor-status"]', playground)
    progress = browser.find('[data-role="progress"]', playground)
    assert status.get_attribute("aria-live") == "polite"
    assert progress.get_attribute("aria-live") is None
    units = browser.find('[data-role="hidden-units"]', playground)
    Select(units).select_by_value("2")
    browser.find('[data-role="reset"]', playground).click()
    before = status.get_attribute("textContent")
    assert before.startswith("Step 0 of")
    browser.find('[data-role="train"]', playground).click()
    browser.wait_for(
        "return Number(document.querySelector("
        "'[data-role=progress]').dataset.step) >= 100"
    )

    def said():
        return status.get_attribute("textContent")

    assert said() == before  # silent while it trains
    browser.find('[data-role="train"]', playground).click()
    assert said() == progress.get_attribute("textContent")
    browser.find('[data-role="step"]', playground).click()
    assert said() == progress.get_attribute("textContent")


def test_no_console_errors_after_all_that(browser):
    assert browser.severe_messages() == []
