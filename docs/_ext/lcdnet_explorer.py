"""Sphinx extension: the explorer's models, trained by lcdnet at build time.

The page ``explorer`` runs lcdnet's trained models in the reader's browser
(``docs/_static/explorer/explorer.js``). This extension trains them through
lcdnet's public API, each by the recipe of the lesson it comes from, checks
that they still show what the page says they show, and writes them into the
built HTML:

``_static/explorer/models.json``
    ``{"models": {NAME: {"builder", "kwargs", "weights"}},
    "explorer": {...}}``:
    ``weights`` is ``model.get_weights()`` as nested lists, in that order, and
    ``getattr(lcdnet, builder)(**kwargs)`` rebuilds the same architecture.
    ``"explorer"`` holds what the page draws besides the models: the digit
    bitmaps, the 36 offsets, which offsets each model saw in training, the
    models' titles and the XNOR lottery's settings.
``_static/explorer/models.js``
    The same object assigned to ``window.LCDNET_MODELS``: a page opened from
    ``file://`` cannot ``fetch()`` a JSON file, but it can load a script.

It also copies ``docs/_static/explorer/`` (the page's script, style sheet and
a standalone ``index.html``) to ``_static/explorer/`` and adds the script and
style sheet to the ``explorer`` page only.

:func:`write_explorer_files` is what the tests call to make the same files
outside Sphinx. Importing this module needs neither Sphinx nor Keras.
"""

import inspect
import json
import pathlib
import shutil
from dataclasses import dataclass

#: Where the explorer's files sit, in the source (under docs/) and the built
#: HTML.
EXPLORER_DIR = pathlib.PurePosixPath("_static", "explorer")
SOURCE_DIR = pathlib.Path(__file__).resolve().parent.parent / EXPLORER_DIR
#: The page that shows the explorer.
PAGE = "explorer"
#: The builders a models.json entry may name.
BUILDERS = ("make_linear_model", "make_deep_model")
IMG_SIZE = 10
SHAPE_SIZE = 5
#: Steps of the linear model trained on every offset: the memorised model's
#: budget.
EVERY_OFFSET_STEPS = 10_000


@dataclass
class ExplorerModel:
    """One trained model of the explorer, and how to rebuild it.

    Attributes
    ----------
    model : keras.Model
    builder : str
        The name of the lcdnet function that builds its architecture.
    kwargs : dict
        Keyword arguments of ``builder``.
    title, recipe : str
        What the page calls it, and how it was trained.
    train_images : numpy.ndarray
        The pictures it was trained on.
    """

    model: object
    builder: str
    kwargs: dict
    title: str
    recipe: str
    train_images: object


def train_explorer_models(seed=0):
    """Train the explorer's three models by their lessons' recipes.

    Each is trained through lcdnet's public API.

    ``"memorised"``
        Lesson 2's memorised linear model (:func:`lcdnet.lessons.inexact_data`,
        its ``memorised`` run): 100 jittered digits, 10,000 steps.
    ``"every_offset"``
        The same linear model, optimiser, batch size and number of steps, on
        all 360 pictures (every digit at every offset).
    ``"cnn"``
        Lesson 3's convolutional network (:func:`lcdnet.lessons.deep_network`),
        trained on the same 100 digits as the memorised model.

    Returns
    -------
    dict of str to ExplorerModel
        In that order.
    """
    import numpy as np

    import lcdnet
    from lcdnet.lessons import BATCH_SIZE, deep_network, inexact_data

    # Lesson 2 with its other runs shrunk to almost nothing: only the
    # memorised run (its default 10,000 steps) is used.
    lesson_2 = inexact_data(
        seed, sizes=(100,), steps=6, large_grid_steps=6, test_size=1
    )
    memorised = lesson_2.memorised
    lesson_3 = deep_network(seed, test_size=1)

    positions = lcdnet.all_positions(IMG_SIZE, SHAPE_SIZE)
    labels = np.repeat(np.arange(10), len(positions))
    every_picture = lcdnet.place_digits(
        labels, np.tile(positions, (10, 1)), IMG_SIZE, SHAPE_SIZE
    )
    every_offset = lcdnet.make_linear_model(img_size=IMG_SIZE)
    lcdnet.train(
        every_offset,
        every_picture,
        labels,
        steps=EVERY_OFFSET_STEPS,
        batch_size=BATCH_SIZE,
        seed=seed,
    )

    return {
        "memorised": ExplorerModel(
            memorised.model,
            "make_linear_model",
            {"img_size": IMG_SIZE},
            "Linear, memorised",
            f"tutorial 2: {len(memorised.labels)} jittered digits, "
            f"{memorised.steps:,} steps of SGD",
            memorised.images,
        ),
        "every_offset": ExplorerModel(
            every_offset,
            "make_linear_model",
            {"img_size": IMG_SIZE},
            "Linear, every offset",
            f"all {len(labels)} digit-offset pictures, the same "
            f"{EVERY_OFFSET_STEPS:,} steps",
            every_picture,
        ),
        "cnn": ExplorerModel(
            lesson_3.models["deep"],
            "make_deep_model",
            {"img_size": IMG_SIZE, "seed": seed},
            "CNN",
            f"tutorial 5: the same {len(lesson_3.labels)} digits, "
            f"{_deep_network_steps():,} steps of Adam",
            lesson_3.images,
        ),
    }


def _deep_network_steps():
    from lcdnet.lessons import deep_network

    return inspect.signature(deep_network).parameters["steps"].default


def check_page_claims(models):
    """Raise RuntimeError unless the models show what the page says they show.

    The page says: the memorised model names every picture it was trained on
    and few others; the linear model trained on every offset does better but
    is still wrong at many places for most digits; the CNN names nearly
    every digit at every offset, trained on the same 100 pictures; its
    pooled vector barely moves inside the grid, more at the border. The
    thresholds are the lessons' own (:data:`lcdnet.lessons.CLAIMS`).
    """
    import numpy as np

    import lcdnet
    from lcdnet.lessons import CLAIMS, pooled_position_shift

    positions = lcdnet.all_positions(IMG_SIZE, SHAPE_SIZE)
    labels = np.repeat(np.arange(10), len(positions))
    pictures = lcdnet.place_digits(
        labels, np.tile(positions, (10, 1)), IMG_SIZE, SHAPE_SIZE
    )
    memorised = models["memorised"]
    seen = lcdnet.seen_in_training(pictures, memorised.train_images)
    right = lcdnet.predict_classes(memorised.model, pictures) == labels
    shift = pooled_position_shift(models["cnn"].model, IMG_SIZE, SHAPE_SIZE)
    failures = []
    if right[seen].mean() < CLAIMS["memorised_on_copies_at_least"]:
        failures.append(
            f"memorised model right on {right[seen].mean():.3f} of its "
            "training pictures, below "
            f"{CLAIMS['memorised_on_copies_at_least']}"
        )
    if right[~seen].mean() > CLAIMS["memorised_on_new_at_most"]:
        failures.append(
            f"memorised model right on {right[~seen].mean():.3f} of the "
            "pictures it never saw, above "
            f"{CLAIMS['memorised_on_new_at_most']}"
        )
    if shift.right.mean() < CLAIMS["deep_on_new_at_least"]:
        failures.append(
            f"CNN right on {shift.right.mean():.3f} of the 360 pictures, "
            f"below {CLAIMS['deep_on_new_at_least']}"
        )
    if (
        shift.mean_shift(at_border=False)
        > CLAIMS["cnn_interior_shift_at_most"]
    ):
        failures.append(
            "CNN's pooled vector moves "
            f"{shift.mean_shift(at_border=False):.3f} inside the grid, above "
            f"{CLAIMS['cnn_interior_shift_at_most']}"
        )
    every_offset = (
        lcdnet.predict_classes(models["every_offset"].model, pictures)
        == labels
    )
    if (
        not right[~seen].mean()
        < every_offset.mean()
        < CLAIMS["deep_on_new_at_least"]
    ):
        failures.append(
            "linear model trained on every offset right on "
            f"{every_offset.mean():.3f} of the 360 pictures, not between the "
            "memorised model's "
            f"{right[~seen].mean():.3f} and {CLAIMS['deep_on_new_at_least']}"
        )
    if (every_offset.reshape(10, -1).all(axis=1)).sum() > 5:
        failures.append(
            "linear model trained on every offset right at every offset for "
            "more than half of the digits"
        )
    if shift.mean_shift(at_border=True) <= shift.mean_shift(at_border=False):
        failures.append(
            "CNN's pooled vector moves no more at the border than inside the "
            "grid"
        )
    if not np.array_equal(memorised.train_images, models["cnn"].train_images):
        failures.append(
            "the CNN and the memorised model no longer train on the same "
            "pictures"
        )
    if failures:
        raise RuntimeError(
            "the explorer page's claims do not hold: " + "; ".join(failures)
        )


def explorer_data(models):
    """The content of models.json: the models, and what the page draws too."""
    import numpy as np

    import lcdnet
    from lcdnet.lab import xnor_seed_lottery

    positions = lcdnet.all_positions(IMG_SIZE, SHAPE_SIZE)
    labels = np.repeat(np.arange(10), len(positions))
    pictures = lcdnet.place_digits(
        labels, np.tile(positions, (10, 1)), IMG_SIZE, SHAPE_SIZE
    )
    seen_offsets = {}
    for name, entry in models.items():
        seen = lcdnet.seen_in_training(pictures, entry.train_images).reshape(
            10, len(positions)
        )
        seen_offsets[name] = [
            [list(positions[i]) for i in np.flatnonzero(row)] for row in seen
        ]
    lottery = inspect.signature(xnor_seed_lottery).parameters
    threshold = lottery["threshold"].default
    if not isinstance(
        threshold, (int, float)
    ):  # None: the lessons' own threshold
        from lcdnet.lessons import CLAIMS

        threshold = CLAIMS["xnor_learned_loss"]
    return {
        "models": {
            name: {
                "builder": entry.builder,
                "kwargs": entry.kwargs,
                "weights": [
                    np.asarray(array).tolist()
                    for array in entry.model.get_weights()
                ],
            }
            for name, entry in models.items()
        },
        "explorer": {
            "img_size": IMG_SIZE,
            "bitmaps": [
                lcdnet.digit_bitmap(digit, SHAPE_SIZE).astype(int).tolist()
                for digit in range(10)
            ],
            "offsets": [list(position) for position in positions],
            "seen_offsets": seen_offsets,
            "titles": {name: entry.title for name, entry in models.items()},
            "recipes": {name: entry.recipe for name, entry in models.items()},
            "xnor": {
                "learning_rate": lottery["learning_rate"].default,
                "steps": lottery["steps"].default,
                "threshold": threshold,
                "seeds": lottery["num_seeds"].default,
            },
        },
    }


def write_explorer_files(out_dir, seed=0, *, copy_sources=False):
    """Train the models and write ``models.json`` and ``models.js``.

    Both files go into ``out_dir``.

    Parameters
    ----------
    out_dir : str or os.PathLike
        A folder, created if missing: ``_static/explorer`` of the built HTML,
        or any folder for a standalone explorer.
    seed : int, default 0
        Seed of the lessons' data, weights and batch order.
    copy_sources : bool, default False
        Also copy the page's script, style sheet and standalone ``index.html``
        from ``docs/_static/explorer/`` into ``out_dir``.

    Returns
    -------
    pathlib.Path
        The path of ``models.json``.
    """
    from lcdnet._atomic import write_text_atomically
    from lcdnet._checks import check_path

    out_dir = check_path("out_dir", out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if copy_sources:
        shutil.copytree(SOURCE_DIR, out_dir, dirs_exist_ok=True)
    models = train_explorer_models(seed)
    check_page_claims(models)
    text = json.dumps(explorer_data(models), separators=(",", ":"))
    # Each file whole or not at all: a failed build keeps the last export.
    write_text_atomically(out_dir / "models.json", text + "\n")
    write_text_atomically(
        out_dir / "models.js",
        (
            "// Written by the docs build (docs/_ext/lcdnet_explorer.py): "
            "models.json as a script,\n"
            "// which a page opened from file:// can load.\n"
            f"window.LCDNET_MODELS = {text};\n"
        ),
    )
    return out_dir / "models.json"


# ------------------------------------------------------------------ Sphinx


def _add_page_assets(app, pagename, templatename, context, doctree):
    if pagename == PAGE:
        app.add_css_file(f"{EXPLORER_DIR.name}/explorer.css")
        app.add_js_file(f"{EXPLORER_DIR.name}/models.js")
        app.add_js_file(f"{EXPLORER_DIR.name}/explorer.js")


def _write_build_files(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import time

    from sphinx.util import logging

    start = time.perf_counter()
    path = write_explorer_files(
        pathlib.Path(app.outdir, *EXPLORER_DIR.parts), copy_sources=True
    )
    logging.getLogger(__name__).info(
        f"lcdnet_explorer: trained the explorer's models and wrote {path} "
        f"in {time.perf_counter() - start:.1f} s"
    )


def setup(app):
    app.connect("html-page-context", _add_page_assets)
    app.connect("build-finished", _write_build_files)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
