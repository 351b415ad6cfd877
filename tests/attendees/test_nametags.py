"""Name tags: 8 per A4 page, names in an embedded font, long names shrunk to fit."""

import re

import pytest

from workshop.attendees import nametags
from workshop.attendees.nametags import NameTag, fit_text, render_nametags


def tag(name: str, role: str = "peserta", group=None) -> NameTag:
    return NameTag(
        name=name,
        institution="Dinas Kesehatan",
        role=role,
        ticket_url="http://localhost/t/abcdefghijklmnopqrstuvwxyz012345",
        reg_label="007",
        group=group,
    )


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", pdf))


def test_nine_people_make_two_pages_with_their_names_in_the_embedded_font():
    names = ["Muh. Ma'ruf, S.Pd.I.", "Dr. Ré Ölsen"] + [f"Peserta {letter}" for letter in "ABCDEFG"]
    pdf = render_nametags([tag(n) for n in names], "Bintek KLA", compress=False)
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 2
    # ASCII stays readable in uncompressed content streams; é and Ö are subset codes.
    assert b"Ma'ruf, S.Pd.I." in pdf or b"Ma\\'ruf, S.Pd.I." in pdf
    assert b"Dr. R" in pdf and b"lsen" in pdf
    assert b"Peserta G" in pdf and b"PESERTA" in pdf
    assert b"/FontFile2" in pdf and b"DejaVuSans-Bold" in pdf  # the TTF is embedded


def test_exactly_eight_fit_on_one_page_and_nobody_makes_an_empty_sheet():
    assert pages(render_nametags([tag(f"Peserta {c}") for c in "ABCDEFGH"])) == 1
    assert pages(render_nametags([])) == 1


def test_group_is_printed_only_when_assigned():
    with_group = render_nametags([tag("Budi", group="Klaster III")], compress=False)
    assert b"Klaster III" in with_group
    assert b"Klaster" not in render_nametags([tag("Budi")], compress=False)


def test_group_label_hook_reads_the_attendees_group():
    class Someone:
        group = None

    assert nametags.group_label(Someone()) is None
    assert nametags.group_label(object()) is None


@pytest.mark.parametrize(
    "name",
    [
        "Budi",
        "Prof. Dr. Ir. Hj. Siti Nurhaliza Rahmawati Putri Kusumawardhani, S.Kom., M.Si., M.Kom., Ph.D.",
        "A" * 200,  # one long word is broken, then cut
    ],
)
def test_names_shrink_to_fit_their_box(name):
    nametags.register_fonts()
    width, height = 250, 54
    size, lines = fit_text(name, nametags.FONT_BOLD, width, height, 22, 7)
    assert 7 <= size <= 22
    assert len(lines) * size * 1.15 <= height + 0.01
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert all(stringWidth(line, nametags.FONT_BOLD, size) <= width for line in lines)
    if name == "Budi":
        assert (size, lines) == (22, ["Budi"])
    if len(name) < 120:
        assert " ".join(lines) == name  # nothing lost when it fits
