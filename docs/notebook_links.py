"""Where the notebooks' cross-references point: the targets pandoc links to.

sphinx-gallery turns each tutorial's text into Markdown with pandoc, and
the filter ``rst_to_notebook.lua`` turns Sphinx's roles into links. It
needs to know the documentation's pages, API pages, labels and glossary
terms before Sphinx has read a page, so :func:`link_targets` reads them
from the sources: ``api.rst`` (which object has which page), the pages'
titles, the ``.. _label:`` targets and the glossary's terms.
"""

import ast
import json
import os
import re
from pathlib import Path

#: Links in a notebook start here: the root of the documentation seen from
#: a tutorial's page (``auto_examples/<track>/<page>.html``). Set
#: ``LCDNET_DOCS_URL`` to the address of the published documentation to
#: get absolute links instead.
RELATIVE_ROOT = "../../"

_HEADING = re.compile(
    r"^(?P<title>\S[^\n]*)\n(?P<rule>[=\-~^*#])(?P=rule)+[ \t]*$", flags=re.M
)


def base_url():
    """The prefix of every notebook link: ``LCDNET_DOCS_URL`` or relative."""
    url = os.environ.get("LCDNET_DOCS_URL", "").strip()
    return url.rstrip("/") + "/" if url else RELATIVE_ROOT


def _first_heading(text):
    match = _HEADING.search(text)
    return match.group("title").strip() if match else None


def tutorial_title(script):
    """The title of a tutorial script: the first heading of its docstring.

    Examples
    --------
    >>> quotes = '"' * 3
    >>> tutorial_title(f"{quotes}\\nXNOR by hand\\n============\\n{quotes}\\n")
    'XNOR by hand'
    """
    return _first_heading(
        ast.get_docstring(ast.parse(script), clean=True) or ""
    )


def _api_objects(api_text):
    """Python name -> page, from the autosummary tables of ``api.rst``."""
    objects, module, in_table = {}, None, False
    for line in api_text.splitlines():
        if line.startswith(".. currentmodule::"):
            module = line.split("::", 1)[1].strip()
        elif line.startswith(".. autosummary::"):
            in_table = True
        elif (
            in_table
            and line.startswith("   ")
            and not line.strip().startswith(":")
        ):
            name = f"{module}.{line.strip()}"
            objects[name] = f"generated/{name}.html#{name}"
        elif in_table and line.strip() and not line.startswith(" "):
            in_table = False
    for line in api_text.splitlines():
        if line.startswith(".. automodule::"):
            name = line.split("::", 1)[1].strip()
            objects.setdefault(name, f"api.html#module-{name}")
    return objects


def _term_anchor(term):
    """The id Sphinx gives a glossary term (case kept, as Sphinx keeps it)."""
    return "term-" + re.sub(
        r"[^a-zA-Z0-9._]+", "-", " ".join(term.split())
    ).strip("-")


def _glossary_terms(glossary_text):
    """Each glossary term (lower case) -> its anchor on the glossary page."""
    terms, inside = {}, False
    for line in glossary_text.splitlines():
        if line.startswith(".. glossary::"):
            inside = True
        elif inside and re.match(r"^   [^ :]", line):
            term = line.strip()
            terms[term.lower()] = _term_anchor(term)
        elif inside and line.strip() and not line.startswith(" "):
            inside = False
    return terms


def link_targets(docs_dir, examples_dir):
    """Every target a notebook may link to, as the filter's metadata.

    Examples
    --------
    >>> docs = Path(__file__).parent
    >>> targets = link_targets(docs, docs.parent / "examples")
    >>> targets["objects"]["lcdnet.train"]
    'generated/lcdnet.train.html#lcdnet.train'
    >>> targets["pages"]["auto_examples/xnor/xnor_by_hand"]
    'XNOR by hand'
    >>> targets["terms"]["hidden layer"], targets["labels"]["ref-keras"]
    ('term-hidden-layer', 'references.html#ref-keras')
    """
    docs_dir, examples_dir = Path(docs_dir), Path(examples_dir)
    pages, labels, titles = {}, {}, {}
    sources = [
        (
            path.relative_to(docs_dir).with_suffix("").as_posix(),
            path.read_text(encoding="utf-8"),
        )
        for path in sorted(docs_dir.glob("*.rst"))
    ]
    for path in sorted(examples_dir.glob("*/*.py")):
        docname = f"auto_examples/{path.parent.name}/{path.stem}"
        script = path.read_text(encoding="utf-8")
        titles[docname] = pages[docname] = tutorial_title(script)
        sources.append((docname, re.sub(r"^# ?", "", script, flags=re.M)))
    for docname, text in sources:
        pages.setdefault(docname, _first_heading(text) or docname)
        for label in re.findall(r"^\.\. _([\w-]+):\s*$", text, flags=re.M):
            labels[label] = f"{docname}.html#{label}"
    return {
        "base": base_url(),
        "pages": pages,
        "titles": titles,
        "labels": labels,
        "objects": _api_objects(
            (docs_dir / "api.rst").read_text(encoding="utf-8")
        ),
        "terms": _glossary_terms(
            (docs_dir / "glossary.rst").read_text(encoding="utf-8")
        ),
    }


def lua_table(value):
    """``value`` (dicts of strings) as a Lua table constructor.

    Examples
    --------
    >>> lua_table({"pages": {"a/b": "It's"}})
    '{["pages"] = {["a/b"] = "It\\'s"}}'
    """
    if isinstance(value, dict):
        items = ", ".join(
            f"[{lua_table(key)}] = {lua_table(item)}"
            for key, item in value.items()
        )
        return "{" + items + "}"
    # A JSON string is a valid Lua string (same escapes for these texts).
    return json.dumps(str(value), ensure_ascii=False)


def write_link_targets(docs_dir, examples_dir, path):
    """Write :func:`link_targets` as the filter's Lua file; return its path.

    pandoc's own metadata would parse every value as Markdown (quotes turn
    curly, underscores may turn into emphasis); a Lua table keeps them as
    written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "return " + lua_table(link_targets(docs_dir, examples_dir)) + "\n",
        encoding="utf-8",
    )
    return path
