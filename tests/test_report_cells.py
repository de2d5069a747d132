"""Report cells that look like formulas stay text (a cell beginning with = + - @ is never run by a
spreadsheet)."""

from __future__ import annotations

from agent.storage import Database


def test_report_cells_that_look_like_formulas_stay_text(tmp_path):
    from datetime import date

    import openpyxl

    from agent.reports.render import build
    from agent.storage import models as m

    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    evil = ['=HYPERLINK("http://x.test","click")', "+1+1", "-2+3", "@SUM(A1)", "bluetooth speaker"]
    db.replace_snapshot(
        m.metric_traffic_keyword,
        "shop",
        date(2026, 11, 19),
        [
            {"keyword": k, "impressions": 100 - i, "clicks": 1, "visitors": 1, "inquiries": 0, "ctr": 0.01}
            for i, k in enumerate(evil)
        ],
    )
    out = build("weekly", db, "shop", "zh", tmp_path / "reports")
    wb = openpyxl.load_workbook(out["xlsx"])
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value in evil]
    assert sorted(c.value for c in cells) == sorted(evil)
    assert all(c.data_type == "s" for c in cells)


def test_a_control_character_from_the_site_does_not_stop_a_report_nor_leave_a_file_behind(tmp_path):
    """A keyword with ESC and BEL (site data): the workbook is written without them, the HTML keeps
    the text escaped, and no half-written .tmp.xlsx is left."""
    from datetime import date

    import openpyxl

    from agent.reports.render import build
    from agent.storage import models as m

    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    odd = "speaker\x1b]0;pwned\x07 <b>"
    db.replace_snapshot(
        m.metric_traffic_keyword,
        "shop",
        date(2026, 11, 19),
        [{"keyword": odd, "impressions": 100, "clicks": 1, "visitors": 1, "inquiries": 0, "ctr": 0.01}],
    )
    out = build("weekly", db, "shop", "zh", tmp_path / "reports")
    wb = openpyxl.load_workbook(out["xlsx"])
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert "speaker]0;pwned <b>" in values
    assert "&lt;b&gt;" in open(out["html"], encoding="utf-8").read()
    assert not list((tmp_path / "reports").glob("*.tmp.xlsx"))
