"""Reading generated PDFs back as a reader would: text per page (pypdfium2), characters that
leave the page, and QR codes decoded from the rendered page (zxing-cpp)."""

from __future__ import annotations


def pdf_pages(data: bytes):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)


def pdf_text(data: bytes) -> list[str]:
    document = pdf_pages(data)
    texts = [page.get_textpage().get_text_range() for page in document]
    document.close()
    return texts


def pdf_chars_outside(data: bytes) -> list[tuple[int, str]]:
    """Characters whose box leaves the page (on any page)."""
    document = pdf_pages(data)
    outside = []
    for number, page in enumerate(document):
        width, height = page.get_size()
        text = page.get_textpage()
        for i in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(i)
            char = text.get_text_range(i, 1)
            if char.strip() and (left < 0 or bottom < 0 or right > width or top > height):
                outside.append((number, char))
    document.close()
    return outside


def pdf_qr_texts(data: bytes, page_number: int = 0, scale: float = 3) -> list[str]:
    import zxingcpp

    document = pdf_pages(data)
    image = document[page_number].render(scale=scale).to_pil().convert("L")
    document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def pdf_find(data: bytes, text: str, page_number: int = 0) -> tuple[float, float, float, float] | None:
    """The box (left, bottom, right, top, in points from the bottom left) of the first place
    ``text`` is printed on the page, or None: to assert where something stands (the issuing
    official on the right, the place and date above them)."""
    document = pdf_pages(data)
    try:
        textpage = document[page_number].get_textpage()
        searcher = textpage.search(text, match_case=True)
        found = searcher.get_next()
        if found is None:
            return None
        start, count = found
        boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    finally:
        document.close()


def pdf_page_width(data: bytes, page_number: int = 0) -> float:
    document = pdf_pages(data)
    try:
        return document[page_number].get_size()[0]
    finally:
        document.close()
