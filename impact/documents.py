"""The one-page key-figure sheet: WeasyPrint, with no request leaving the server."""


def _no_fetch(url, *args, **kwargs):
    # Everything the sheet needs is inline; refuse any address a text might smuggle in.
    raise ValueError(f"external resource refused: {url}")


def sheet_pdf(html: str, *, base_url=None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=_no_fetch).write_pdf()
