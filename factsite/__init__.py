"""Compile the verified facts file into the explainer site's Markdown pages.

The pipeline, one module per step (build.py runs them in this order):

    load.py      facts.json bytes   -> JSON data          (or Problems)
    model.py     JSON data          -> typed Facts        (after checks/schema.py)
    checks/      Facts + templates  -> warnings           (or Problems: every check, in one package)
    render.py    Facts + templates  -> {page: Markdown}   (drawing.py, glossary.py, jsonld.py help)
    write.py     pages              -> docs/              (only what changed, atomically)
    site.py      docs/              -> site/              (mkdocs build, atomically)

`build_facts.py` is the command line. `fingerprint.py` lets it skip a rebuild when no
input changed, before the slow imports; `output_safety.py` decides which folders a build may
replace and lets one build run at a time. Publishing: `address.py` (the site's address),
`feed.py` (the Atom feed), `manifest.py`, `diff.py`, `updates.py` and `publish.py` (what
readers would see change, and the record of what was published); `linkcheck.py` checks sources.
"""
