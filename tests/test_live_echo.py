"""Live preview: the pages the compile writes into docs/ do not start a second rebuild of the site,
but an edit saved while a rebuild runs still gets its own (hooks/live_facts.py, without a real server)."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from support import load_hook


class FakeServer:
    """What MkDocs 1.6's LiveReloadServer keeps: the watched paths and the pending-rebuild flag."""

    def __init__(self, paths: list[Path]) -> None:
        self._watched_paths = {str(path): 1 for path in paths}
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False


Served = tuple[ModuleType, FakeServer, SimpleNamespace, Path, Path]  # hook, server, config, docs/, facts.json


@pytest.fixture
def served(tmp_path: Path) -> Served:
    docs, facts = tmp_path / "docs", tmp_path / "facts.json"
    docs.mkdir()
    (docs / "trial.md").write_text("old page", encoding="utf-8")
    facts.write_text("{}", encoding="utf-8")
    hook, server = load_hook("live_facts"), FakeServer([docs, facts])
    config = SimpleNamespace(docs_dir=str(docs), config_file_path=str(tmp_path / "mkdocs.yml"))
    hook.on_startup("serve", dirty=False)
    hook.on_serve(server, config, None)
    # As on_pre_build leaves it: the inputs before the compile, then docs/ as the compile wrote it.
    hook._inputs_before = hook._state(hook._watched_inputs(config))
    (docs / "trial.md").write_text("new page", encoding="utf-8")
    hook._docs_written = hook._state([config.docs_dir])
    server._want_rebuild = True  # the watcher saw the pages the compile wrote
    return hook, server, config, docs, facts


def test_the_rebuild_asked_for_by_our_own_pages_is_dropped(served: Served) -> None:
    hook, server, config, _, _ = served
    hook.on_post_build(config)
    assert server._want_rebuild is False


def test_an_edit_saved_during_the_rebuild_still_gets_its_rebuild(served: Served) -> None:
    hook, server, config, _, facts = served
    facts.write_text('{"facts": []}', encoding="utf-8")
    os.utime(facts, ns=(1, 1))  # a different time even where the clock is coarse
    hook.on_post_build(config)
    assert server._want_rebuild is True


def test_a_page_changed_by_hand_during_the_rebuild_still_gets_its_rebuild(served: Served) -> None:
    hook, server, config, docs, _ = served
    (docs / "picture.svg").write_text("<svg/>", encoding="utf-8")
    hook.on_post_build(config)
    assert server._want_rebuild is True


def test_nothing_is_dropped_when_the_compile_wrote_nothing(served: Served) -> None:
    hook, server, config, _, _ = served
    hook._docs_written = None  # "0 written": any rebuild asked for was not ours
    hook.on_post_build(config)
    assert server._want_rebuild is True
