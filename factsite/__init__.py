"""Compile the verified facts file into the explainer site's Markdown pages.

The pipeline, one module per step:

    load.py      facts.json bytes  -> Python data        (or Problems)
    validate.py  Python data       -> checked Facts       (or Problems)
    render.py    Facts + templates -> {page path: Markdown} (or Problems)
    write.py     pages             -> docs/               (only what changed)

`build.py` runs the steps in that order; `build_facts.py` is the command line.
`fingerprint.py` lets it skip a rebuild when no input changed, before the slow imports.
"""
