"""Reports cite evidence by what it is: its title, with its id beside it for lookup."""

from __future__ import annotations

from html import escape

from ladders.core.framework import Framework
from ladders.reports.html import render_html
from ladders.reports.markdown import md, render_markdown


def _cited(result: dict) -> list[str]:
    return [i for gate in result["gates"] for check in gate["checks"] for i in check["evidence"]]


def test_the_result_names_every_evidence_item_by_title(sam: dict) -> None:
    cited = _cited(sam)
    assert cited and set(cited) <= set(sam["evidence_titles"])
    assert all(sam["evidence_titles"][i] for i in cited)


def test_markdown_cites_each_check_evidence_by_title_and_id(fw: Framework, sam: dict) -> None:
    report = render_markdown(sam, fw)
    for evidence_id in _cited(sam):
        assert f"{md(sam['evidence_titles'][evidence_id])} (`{evidence_id}`)" in report


def test_html_cites_each_check_evidence_by_title_and_id(fw: Framework, sam: dict) -> None:
    page = render_html(sam, fw)
    for evidence_id in _cited(sam):
        title = escape(sam["evidence_titles"][evidence_id], quote=False)
        assert f"{title} (<code>{escape(evidence_id)}</code>)" in page


def test_a_stored_result_without_titles_still_cites_the_ids(fw: Framework, sam: dict) -> None:
    older = {key: value for key, value in sam.items() if key != "evidence_titles"}
    report = render_markdown(older, fw)
    for evidence_id in _cited(sam):
        assert f"`{evidence_id}`" in report
