"""`ladders framework site`: the files of a static site, from the command line."""

from __future__ import annotations

from ladders.core.framework_loader import default_framework
from ladders.reports.framework_site import GROWTH_NOTE, level_page, skill_page


def test_the_site_has_an_overview_a_page_per_level_and_skill_and_the_scripts(ladders, tmp_path):
    fw = default_framework()
    out = tmp_path / "site"
    result = ladders("framework", "site", "-o", out, "ladders/frameworks/ai-engineer.yaml")
    assert result.exit_code == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    expected = {level_page(lv.id) for lv in fw.levels} | {skill_page(s.id) for s in fw.skills}
    assert expected | {"index.html", "compare.html", "ladder.js", "site.js", "site.css"} == names
    index = (out / "index.html").read_text(encoding="utf-8")
    assert GROWTH_NOTE in index and "http" not in index.replace(fw.content_hash, "")
    assert "@media print" in (out / "site.css").read_text(encoding="utf-8")


def test_a_site_into_a_file_is_bad_input(ladders, tmp_path, assert_bad_input):
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    assert_bad_input(
        ladders("framework", "site", "ladders/frameworks/ai-engineer.yaml", "-o", target), "--output"
    )
