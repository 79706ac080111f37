"""Compile the verified facts file into the explainer site's Markdown pages.

The pipeline, one module per step (build.py runs them in this order):

    load.py      facts.json bytes   -> JSON data          (or Problems)
    model.py     JSON data          -> typed Facts        (after checks/schema.py)
    checks/      Facts + templates  -> warnings           (or Problems: every check, in one package)
    render.py    Facts + templates  -> {page: Markdown}   (drawing.py, glossary.py, jsonld.py help)
    write.py     pages              -> docs/              (only what changed, atomically)
    site.py      docs/              -> site/              (mkdocs build, atomically)

`build_facts.py` is the command line. `fingerprint.py` lets it skip a rebuild when no
input changed, before the slow imports.
"""
