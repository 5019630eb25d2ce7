"""Render every lcdnet plotting helper to a PNG file, from real (brief) runs.

Run it with ``python benchmarks/render_figures.py OUT_DIR``. It trains small
models for a few seconds, draws each figure with the Agg backend, writes
``OUT_DIR/<name>.png`` (and the XNOR truth tables as text) and prints every
file it wrote. Use it to look at the figures after changing lcdnet.plotting.
"""

import argparse
import pathlib
import sys

import matplotlib

matplotlib.use(
    "Agg"
)  # a script, not the library: choosing the backend is fine here

import matplotlib.pyplot as plt

import lcdnet
from lcdnet._atomic import (
    write_atomically,
    write_text_atomically,
)

IMG_SIZE = 10


def render(out_dir):
    """Draw every figure into ``out_dir``; return the paths written."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []

    def save(name, figure):
        path = out_dir / f"{name}.png"
        write_atomically(path, lambda part: figure.savefig(part, dpi=100))
        plt.close(figure)
        written.append(path)

    def save_text(name, text):
        path = write_text_atomically(out_dir / f"{name}.txt", text + "\n")
        written.append(path)

    # Series Fig 1: digits at random places on a 10 x 10 grid.
    images, labels = lcdnet.generate_digits(100, img_size=IMG_SIZE, seed=0)
    test_images, test_labels = lcdnet.generate_digits(
        50, img_size=IMG_SIZE, seed=1
    )
    save("digits", lcdnet.plot_digits(images[:20], labels[:20])[0].figure)

    # The linear model memorises 100 jittered digits, then meets fresh ones.
    linear = lcdnet.make_linear_model(img_size=IMG_SIZE)
    linear_record = lcdnet.train(
        linear, images, labels, steps=100, batch_size=50, seed=0
    )
    predicted_train = lcdnet.predict_classes(linear, images)
    axes = lcdnet.plot_digits(
        images[:30], labels[:30], predictions=predicted_train[:30]
    )
    save("digits_predictions_train", axes[0].figure)
    predicted = lcdnet.predict_classes(linear, test_images)
    axes = lcdnet.plot_digits(
        test_images[:30], test_labels[:30], predictions=predicted[:30]
    )
    save("digits_predictions_test", axes[0].figure)
    save("weights", lcdnet.plot_weights(linear)[0].figure)
    save(
        "confusion_counts",
        lcdnet.plot_confusion_matrix(test_labels, predicted).figure,
    )
    save(
        "confusion_normalized",
        lcdnet.plot_confusion_matrix(
            test_labels, predicted, normalize="true"
        ).figure,
    )

    # Curves: one run, several metrics, smoothed; and two runs compared.
    ax = lcdnet.plot_history(
        linear_record, metrics=("loss", "accuracy"), smoothing=0.6
    )
    save("history_metrics", ax.figure)
    many_images, many_labels = lcdnet.generate_digits(
        1000, img_size=IMG_SIZE, seed=2
    )
    crowded = lcdnet.make_linear_model(img_size=IMG_SIZE)
    crowded_record = lcdnet.train(
        crowded, many_images, many_labels, steps=100, batch_size=50, seed=0
    )
    runs = {"100 examples": linear_record, "1,000 examples": crowded_record}
    save(
        "history_runs",
        lcdnet.plot_history(runs, smoothing=0.3, logy=True).figure,
    )

    # XNOR: Ng's hand-set weights, and a network trained as in the series.
    ng = lcdnet.make_xnor_model(weights="ng")
    save("xnor_surface_ng", lcdnet.plot_xnor_surface(ng).figure)
    save_text("xnor_truth_table_ng", str(lcdnet.xnor_truth_table(ng)))
    trained = lcdnet.make_xnor_model(seed=0)
    xnor_record = lcdnet.train(
        trained, lcdnet.XNOR_INPUTS, lcdnet.XNOR_TARGETS, steps=3000, seed=0
    )
    save("xnor_surface_trained", lcdnet.plot_xnor_surface(trained).figure)
    save("xnor_history", lcdnet.plot_history(xnor_record, logy=True).figure)
    save_text(
        "xnor_truth_table_trained", str(lcdnet.xnor_truth_table(trained))
    )

    # Inside the CNN: feature maps, pooled vectors at two places, shift by
    # offset.
    from lcdnet import lessons

    deep = lcdnet.make_deep_model(img_size=IMG_SIZE, seed=0)
    lcdnet.train(deep, images, labels, steps=300, batch_size=50, seed=0)
    fours = lcdnet.place_digits([4, 4], [(0, 0), (2, 3)])
    activations = lessons.cnn_activations(deep, fours)
    save(
        "cnn_feature_maps",
        lcdnet.plot_feature_maps(activations["conv1"][0])[0].figure,
    )
    save(
        "cnn_pooled_vectors",
        lcdnet.plot_pooled_vectors(
            activations["pooled"], ["4 at (0, 0)", "4 at (2, 3)"]
        ).figure,
    )
    save(
        "cnn_position_shift",
        lcdnet.plot_position_shift(lessons.pooled_position_shift(deep)).figure,
    )
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out_dir", help="folder for the PNG files (created if missing)"
    )
    arguments = parser.parse_args(argv)
    for path in render(arguments.out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
