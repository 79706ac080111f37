"""Plain language, measured: every built page reads at US grade 8 or below."""

from __future__ import annotations

from pathlib import Path

from support import PAGES

from factsite.readability import MAX_GRADE, main, measure, measure_site, page_text, table

HARD = (
    "Notwithstanding considerable methodological heterogeneity, investigators hypothesised that "
    "transplantation of induced pluripotent stem cell-derived neural progenitors would facilitate "
    "functional neuroregeneration through paracrine immunomodulatory mechanisms."
)
EASY = "The cells went into the spinal cord. One man can stand now. Two men did not get better."


def _page(body: str) -> str:
    return f"<html><body><nav>Menu words everywhere</nav><article>{body}</article></body></html>"


def test_every_page_is_at_grade_8_or_below(built_site: Path) -> None:
    levels = measure_site(built_site)
    assert len(levels) == len(PAGES), table(levels)  # every page in the nav is measured
    over = [level for level in levels if level.worst > MAX_GRADE]
    assert not over, "\n" + table(levels)


def test_the_formulas_tell_hard_text_from_easy_text() -> None:
    hard, easy = measure("hard", HARD), measure("easy", EASY)
    assert hard.flesch_kincaid > MAX_GRADE and hard.coleman_liau > MAX_GRADE
    assert easy.flesch_kincaid < 6 and easy.coleman_liau < 6


def test_page_text_is_the_article_without_footnotes_drawings_or_bibliography() -> None:
    html = _page(
        "<h2>Can he walk?</h2><p>One man can stand.<sup>1</sup></p>"
        "<figure><svg><title>Drawing words</title></svg><figcaption>Caption</figcaption></figure>"
        '<div class="fs-bibliography"><h3>Journal of Extraordinarily Long Titles</h3></div>'
        '<div class="footnote"><ol><li><p>Publisher, title.</p></li></ol></div>'
        "<ul><li><p>Inner paragraph</p></li></ul>"
    )
    assert page_text(html) == "Can he walk? One man can stand. Caption. Inner paragraph."


def test_command_prints_the_table_and_fails_when_a_page_is_too_hard(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    (site / "easy").mkdir(parents=True)
    (site / "easy" / "index.html").write_text(_page(f"<p>{EASY}</p>"), encoding="utf-8")
    assert main([str(site)]) == 0
    (site / "hard").mkdir()
    (site / "hard" / "index.html").write_text(_page(f"<p>{HARD}</p>"), encoding="utf-8")
    assert main([str(site)]) == 1
    out, err = capsys.readouterr()
    assert "Flesch-Kincaid" in out and "Coleman-Liau" in out and "/hard/" in out
    assert "1 page(s) above grade 8: /hard/" in err
    assert main([str(site), "--report-only"]) == 0
    assert main([str(tmp_path / "missing")]) == 2
