"""The README shows real code that runs, and its module table matches the
package.
"""

import pathlib
import pkgutil
import re

import matplotlib.pyplot as plt

import lcdnet

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_the_short_example_runs(capsys):
    text = README.read_text(encoding="utf-8")
    code = re.search(
        r"## A short example\n\n```python\n(.*?)```", text, re.S
    ).group(1)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 2 and "on new pictures" in printed[1]
    plt.close("all")


def test_the_module_table_lists_every_public_module_and_no_other():
    text = README.read_text(encoding="utf-8")
    table = text.split("## What is inside", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(lcdnet\.[a-z_]+)`", table))
    public = {
        f"lcdnet.{info.name}"
        for info in pkgutil.iter_modules(lcdnet.__path__)
        if not info.name.startswith("_")
    }
    assert listed == public
