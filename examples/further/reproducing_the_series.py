"""
Reproducing the series
======================

:doc:`/auto_examples/digits/inexact_data` trained the linear model on
jittered digits with the settings the series' companion notebook states,
and fell far short of the numbers the post published. Were the numbers
wrong, or the settings? The notebook changed several times in 2017, and
the post does not say which version produced its numbers. This tutorial
searches the settings that changed, every combination of them, several
seeds each, and reports which setting comes closest to each published
number, and how close that is. The search is the point: it is shown in
full, nothing is tuned out of sight.

.. admonition:: In this tutorial you will

   * list the numbers post B published and the settings of each version of
     its notebook;
   * see how the notebook cut its data into batches, one more setting a
     reader cannot guess;
   * run 64 settings with 5 seeds each, 160 models trained at once, in seconds;
   * read which setting comes closest to each number, by how much, and how
     far apart the seeds are;
   * write down what a result must report so that others can reproduce it.

   **Prerequisites:** :doc:`/auto_examples/digits/inexact_data` (the linear
   model on jittered digits, training and test accuracy).
"""

# %%
# The numbers to reproduce
# ------------------------
#
# Post B trained the linear model on 5 x 5 digits placed at random on a
# 10 x 10 grid, and published five numbers. :data:`lcdnet.report.PUBLISHED`
# holds them with their source:

import math

import matplotlib.pyplot as plt
import numpy as np

from lcdnet.lessons.reproduction import (
    NOTEBOOK_VERSIONS,
    REPRODUCTION_CLAIMS,
    TARGETS,
    Setting,
    notebook_batches,
    offset_list,
    sampling_spread,
    settings_search,
)
from lcdnet.plotting import set_alt_text
from lcdnet.plotting.curves import plot_settings_search
from lcdnet.report import PUBLISHED, Answer, format_table

WORDS = {
    "early_accuracy": "training accuracy after 5 steps",
    "train_accuracy": "training accuracy at the end",
    "test_accuracy": "accuracy on 50 fresh digits",
}
for key, (quantity, examples) in TARGETS.items():
    print(
        f"{examples:>5,} examples, {WORDS[quantity]:<32} "
        f"{PUBLISHED[key].value:.2f}"
    )
print("source:")
print(" ", PUBLISHED["inexact.train_accuracy_100"].source)

# %%
# What changed in the notebook
# ----------------------------
#
# The companion notebook kept its model (zero initial weights, mean softmax
# cross-entropy, plain gradient descent, batches of 50) but changed its
# settings from version to version:

for name, setting in NOTEBOOK_VERSIONS.items():
    print(f"{name}:\n    {setting}")

# %%
# Two of these settings are easy to miss. The first version drew a digit's
# offset with NumPy's ``randint(0, 10 - 5)``, whose upper bound is left out:
# rows and columns 0 to 4, 25 offsets instead of 36, so a digit never
# touched the last row or column. And it drew a random digit for each
# example, where later versions showed digit ``i % 10`` in example ``i``
# ("cyclic" labels below).

print("25 offsets:", offset_list(25)[:3], "...", offset_list(25)[-1])
print("36 offsets:", offset_list(36)[:3], "...", offset_list(36)[-1])

# %%
# How the notebook made its batches
# ---------------------------------
#
# Every version shuffled its examples once, then cut them into consecutive
# batches and went through them in the same order, pass after pass.
# :func:`lcdnet.lessons.reproduction.notebook_batches` does exactly that.
# Here are the first eight batches for 200 examples (the first three
# indices of each): after four batches, the same four come back.

for step, batch in enumerate(notebook_batches(200, 8, seed=0), start=1):
    print(f"step {step}: examples {batch[:3].tolist()} ...")

# %%
# :func:`lcdnet.train`, like Keras's ``fit``, reshuffles the examples on every
# pass instead. That is one more setting that changes the numbers a little,
# and that a reader cannot know unless it is written down. The search below
# uses the notebook's way.
#
# The search
# ----------
#
# The search runs every combination of: learning rate 0.03 or 0.3; 100 or
# 1,000 steps; 100, 500, 1,000 or 5,000 examples (the notebook versions'
# counts and the post's); 25 or 36 offsets; random or cyclic labels. That
# is 2 x 2 x 4 x 2 x 2 = 64 settings. One run gives two of them: the first
# 100 steps of a 1,000-step run are a 100-step run. Each setting is run with
# 5 seeds, which draw different training sets and batch orders.
#
# Training 160 linear models one after another would pay Keras's fixed cost per
# model and per step 160 times. The models are tiny, so
# :func:`~lcdnet.lessons.reproduction.settings_search` trains them all at once,
# as one Keras model whose weights are a stack of 160 weight matrices and whose
# loss is the sum of the 160 models' losses. Each model gets the gradient of
# its own loss only, and is weighted by its own learning rate, so it moves
# exactly as it would alone.
#
# .. admonition:: Predict, then run
#
#    Before you run the search, guess: which learning rate and how many
#    steps reach 100% training accuracy with 100 examples? Will any setting
#    reach 73% after only 5 steps? And will a single setting give all five
#    published numbers?

search = settings_search(seed=0)
print(
    f"{len(search.settings)} settings x {len(search.seeds)} seeds, "
    f"trained in {search.seconds:.1f} s"
)

# %%
# The final notebook's settings
# -----------------------------
#
# First the settings :doc:`/auto_examples/digits/inexact_data` used,
# those of the notebook's final version (rate 0.03, 100 steps, 36
# offsets, cyclic labels), at the post's three example counts. Each
# value is the mean over the 5 seeds, with their standard deviation:

final = NOTEBOOK_VERSIONS["final (Oct 23 on)"]
shortfalls = []
for examples in (100, 500, 5000):
    setting = Setting(
        final.learning_rate, final.steps, examples, final.offsets, final.labels
    )
    measured = search.mean("train_accuracy", setting)
    published = PUBLISHED[f"inexact.train_accuracy_{examples}"].value
    shortfalls.append(published - measured)
    print(
        f"{examples:>5,} examples: training accuracy {measured:.2f} "
        f"(+- {search.spread('train_accuracy', setting):.2f}), published "
        f"{published:.2f}"
    )

# sphinx_gallery_start_ignore
CLAIMS = REPRODUCTION_CLAIMS
assert min(shortfalls) >= CLAIMS["final_notebook_short_by_at_least"], (
    shortfalls
)
# sphinx_gallery_end_ignore

# %%
# The final notebook's settings fall short of every published training
# accuracy. So the post's numbers came from other settings.
#
# The whole search at a glance
# ----------------------------
#
# Each panel below is one learning rate and one number of steps. Each line
# is one data variant (offsets and labels); its band spans the lowest to the
# highest of the 5 seeds. The black stars are the published numbers. A ring
# marks the setting of a notebook version, where one falls in the panel.

figure, axes = plt.subplots(
    2, 2, figsize=(7.7, 7.8), layout="constrained", sharex=True, sharey=True
)
panels = [(0.03, 100), (0.03, 1000), (0.3, 100), (0.3, 1000)]
for ax, (rate, steps) in zip(axes.flat, panels, strict=True):
    plot_settings_search(
        search,
        learning_rate=rate,
        steps=steps,
        ax=ax,
        legend=figure if ax is axes[0, 0] else False,
    )
for ax in axes[0]:
    ax.set_xlabel("")
for ax in axes[:, 1]:
    ax.set_ylabel("")

# sphinx_gallery_start_ignore
set_alt_text(
    figure,
    (
        "Four line charts of the training accuracy at the end against the "
        "number of examples, 100 to 5,000 on a logarithmic axis, one panel "
        "per learning rate (0.03, 0.3) and number of steps (100, 1,000), each "
        "with one line per data variant (25 or 36 offsets, cyclic or random "
        "labels) and the published numbers as stars: every line falls with "
        "more examples; only the panel of rate 0.3 and 1,000 steps reaches "
        "the star at 100 examples, and it passes far above the stars at 500 "
        "and 5,000."
    ),
)
# sphinx_gallery_end_ignore

# sphinx_gallery_start_ignore
frame = (
    search.frame()
    .groupby(["learning_rate", "steps", "offsets", "labels", "examples"])[
        "train_accuracy"
    ]
    .mean()
)
by_way = frame.unstack("examples")
assert (np.diff(by_way.to_numpy(), axis=1) < 0).all(), (
    by_way
)  # every line falls
variants = frame.groupby(["learning_rate", "steps", "examples"]).agg(
    lambda v: v.max() - v.min()
)
panels = frame.groupby(["offsets", "labels", "examples"]).agg(
    lambda v: v.max() - v.min()
)
assert variants.max() < panels.min(), (variants.max(), panels.min())
at_100 = by_way[100]
assert set(at_100[at_100 >= 0.95].index.droplevel([2, 3])) == {(0.3, 1000)}, (
    at_100
)
assert by_way.loc[(0.3, 1000), 500].min() - 0.54 >= 0.1
assert by_way.loc[(0.3, 1000), 5000].min() - 0.32 >= 0.15
# sphinx_gallery_end_ignore

# %%
# The learning rate and the number of steps move the lines far more than
# the data variants do, and the lines fall with the number of examples in
# every panel: the same number of steps is fewer passes over more examples.
# Only the panel of rate 0.3 and 1,000 steps reaches the star at 100
# examples, and it passes far above the stars at 500 and 5,000.
#
# The closest setting for each number
# -----------------------------------
#
# For each published number, the setting whose mean comes closest to it
# (searching all settings with the published number of examples), its
# spread over the seeds and the gap, measured minus published:

matches = search.best_matches()
for match in matches:
    examples = TARGETS[match.key][1]
    # The early accuracy is measured after 5 steps of every run, however long.
    training = match.setting.training(steps=match.quantity != "early_accuracy")
    print(
        f"{examples:,} examples, {WORDS[match.quantity]}: published "
        f"{match.published:.2f}\n"
        f"    closest: {training}\n"
        f"    mean {match.mean:.2f} +- {match.spread:.2f} over "
        f"{len(search.seeds)} seeds, "
        f"gap {match.gap:+.2f}"
    )

by_key = {match.key: match for match in matches}

# sphinx_gallery_start_ignore
for examples in (100, 500, 5000):
    match = by_key[f"inexact.train_accuracy_{examples}"]
    assert abs(match.gap) <= CLAIMS["best_train_gap_at_most"], match
assert (
    by_key["inexact.train_accuracy_100"].setting.learning_rate,
    by_key["inexact.train_accuracy_100"].setting.steps,
) == (0.3, 1000)
assert (
    by_key["inexact.early_accuracy_100"].gap <= -CLAIMS["early_gap_at_least"]
)
for examples in (500, 5000):
    best = by_key[f"inexact.train_accuracy_{examples}"].setting
    assert (best.learning_rate, best.steps) != (0.3, 1000), best
# sphinx_gallery_end_ignore

# %%
# Each published training accuracy has a setting within 0.1 of it, but not
# the same one: 100% with 100 examples needs rate 0.3 and 1,000 steps (the
# first notebook version's rate and steps), while those settings overshoot
# the numbers for 500 and 5,000 examples, which sit closer to settings with
# fewer or smaller steps. No setting searched comes near 73% after 5 steps:
# the early number is more than 0.2 above anything the search produced.
#
# One setting for all five?
# -------------------------
#
# A reader who reruns "the" experiment uses one way of training for every
# number. Which learning rate, step count, offsets and labels come closest
# to all five published numbers at once, in the sense that its largest gap
# is smallest?

joint, gaps = search.joint_match()
print(
    "closest single way of training:", str(joint).replace("100 examples, ", "")
)
for key, gap in gaps.items():
    quantity, examples = TARGETS[key]
    print(f"  {examples:>5,} examples, {WORDS[quantity]:<32} gap {gap:+.2f}")

# sphinx_gallery_start_ignore
assert (
    max(abs(gap) for gap in gaps.values()) >= CLAIMS["joint_gap_at_least"]
), gaps
# sphinx_gallery_end_ignore

# %%
# Even the best single way of training misses at least one published number
# by more than 0.1. The five numbers cannot all come from one run of any
# setting searched here.
#
# 8% on 50 digits
# ---------------
#
# The post tested on 50 freshly drawn digits and reported 8%, worse than
# guessing. The search scores every picture the generator can draw, each
# once, which is what an endless test set would give. A test of only 50
# digits is itself a random sample: its accuracy scatters around the true
# one by a binomial standard deviation, which
# :func:`~lcdnet.lessons.reproduction.sampling_spread` computes.

test = by_key["inexact.test_accuracy_100"]
spread = sampling_spread(test.mean)
print(f"closest setting: {test.setting}")
print(f"accuracy on every drawable picture: {test.mean:.2f}")
print(f"a 50-digit test scatters by +- {spread:.2f} (one standard deviation)")
print(
    f"published 0.08: gap {test.gap:+.2f}, "
    f"{abs(test.gap) / spread:.1f} standard deviations"
)

# sphinx_gallery_start_ignore
assert abs(test.gap) <= CLAIMS["test_gap_within_sampling_sds"] * spread, (
    test,
    spread,
)
# sphinx_gallery_end_ignore

# %%
# The published 8% lies within two standard deviations of a 50-digit test
# of the closest setting: with so few test digits, the two cannot be told
# apart. Nor can 8% be told from guessing (10%), which a 50-digit test
# scatters around by about as much:

print(f"guessing: 0.10 +- {sampling_spread(0.1):.2f} on 50 digits")

# sphinx_gallery_start_ignore
assert abs(0.08 - 0.1) < 2 * sampling_spread(0.1)
# sphinx_gallery_end_ignore

# %%
# "Worse than guessing" is not something 50 digits can show.
#
# .. admonition:: Takeaway
#
#    A published number is only as reproducible as the settings reported
#    with it. Here the learning rate and the number of steps decide most of
#    each result, and the post's five numbers match different settings, or
#    none, rather than one run of one notebook version. Report every
#    setting (code version, learning rate, steps, batch size and batch
#    order, how the data were drawn), the number of seeds and their spread,
#    and the size of the test set; and when you cannot reproduce a number,
#    search the settings in the open, as here, instead of tuning until it
#    matches.
#
# The numbers
# -----------
#
# The comparison rows of the search, in the format of ``lcdnet reproduce``:
# each published number next to its closest setting and to the final
# notebook's settings.

print(format_table(search.comparisons()))

# %%
# Exercises
# ---------
#
# 1. How many linear models did the search train, and how many settings did
#    it measure? Why are the two numbers different?
#
#    .. dropdown:: Solution
#
#       160 models: 2 rates x 4 example counts x 2 offset counts x 2 label
#       kinds x 5 seeds. Each was measured after 5, 100 and 1,000 steps, so
#       the 160 runs give the 64 settings x 5 seeds (the cell below counts
#       them), and the 5-step accuracy of all.

models = len(search.seeds) * len(
    {
        (s.learning_rate, s.examples, s.offsets, s.labels)
        for s in search.settings
    }
)
# sphinx_gallery_start_ignore
assert models == 160 and len(search.settings) == 64
# sphinx_gallery_end_ignore
Answer(
    1,
    f"{models} models trained, {len(search.settings)} settings x "
    f"{len(search.seeds)} seeds measured",
)

# %%
# 2. If the true accuracy on fresh digits were that of the closest setting,
#    how likely would a 50-digit test be to show 8% (4 right) or less?
#
#    .. dropdown:: Solution
#
#       The number right is binomial: add the probabilities of 0 to 4 right
#       of 50. The cell below computes it with :func:`math.comb`; it is far
#       from negligible.

chance = sum(
    math.comb(50, right) * test.mean**right * (1 - test.mean) ** (50 - right)
    for right in range(5)
)
# sphinx_gallery_start_ignore
assert 0.05 < chance < 0.5, chance
# sphinx_gallery_end_ignore
Answer(
    2, f"P(at most 4 of 50 right | accuracy {test.mean:.2f}) = {chance:.2f}"
)

# %%
# 3. Starting from the final notebook's settings, change one setting at a
#    time. Which single change brings the 5,000-example training accuracy
#    closest to the published 32%?
#
#    .. dropdown:: Solution
#
#       The cell below reads each single change from the search. Raising the
#       rate to 0.3 or training 1,000 steps each lands within 0.05 of 0.32;
#       the offsets and the labels move it by less than that. Yet neither
#       change brings the 100-example accuracy to 100% (see the figure): a
#       setting that matches one published number need not match the others.

base = Setting(
    final.learning_rate, final.steps, 5000, final.offsets, final.labels
)
changes = {
    "rate 0.3": Setting(0.3, base.steps, 5000, base.offsets, base.labels),
    "1,000 steps": Setting(
        base.learning_rate, 1000, 5000, base.offsets, base.labels
    ),
    "25 offsets": Setting(
        base.learning_rate, base.steps, 5000, 25, base.labels
    ),
    "random labels": Setting(
        base.learning_rate, base.steps, 5000, base.offsets, "random"
    ),
}
# sphinx_gallery_start_ignore
closest = min(
    changes,
    key=lambda name: abs(search.mean("train_accuracy", changes[name]) - 0.32),
)
assert closest in ("rate 0.3", "1,000 steps"), closest
for name, setting in changes.items():
    moved = abs(
        search.mean("train_accuracy", setting)
        - search.mean("train_accuracy", base)
    )
    if name in ("rate 0.3", "1,000 steps"):
        assert abs(search.mean("train_accuracy", setting) - 0.32) <= 0.05, name
    else:
        assert moved < 0.05, (name, moved)
for name in ("rate 0.3", "1,000 steps"):
    assert (
        search.mean(
            "train_accuracy",
            Setting(
                changes[name].learning_rate,
                changes[name].steps,
                100,
                base.offsets,
                base.labels,
            ),
        )
        < 1.0
    )
# sphinx_gallery_end_ignore
Answer(
    3,
    f"final settings, 5,000 examples: "
    f"{search.mean('train_accuracy', base):.2f} (published 0.32)\n"
    + "\n".join(
        f"with {name:<14} {search.mean('train_accuracy', setting):.2f}"
        for name, setting in changes.items()
    ),
)

# %%

plt.show()
