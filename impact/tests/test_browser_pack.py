"""In a real browser: a reader downloads the library's offline pack, unzips it and reads it
over file:// with the network cut: the index, an item, its PDF, and the offline search."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser


def build_packs(demo_server):
    # The demo server's own database and files (its var folder holds the server log).
    env = {
        **os.environ,
        "BAOBAB_ENV": "demo",
        "BAOBAB_VAR_DIR": str(demo_server.log_path.parent),
        "DATABASE_URL": demo_server.database_url,
        "BASE_URL": demo_server.url,
    }
    subprocess.run(
        [sys.executable, "manage.py", "build_packs", "--language", "en"],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        timeout=300,
        capture_output=True,
    )


def test_a_reader_downloads_the_pack_and_reads_it_offline(demo_server, browser, tmp_path):
    build_packs(demo_server)
    online = browser.new_context(
        locale="en-GB", viewport={"width": 360, "height": 740}, accept_downloads=True
    )
    page = online.new_page()
    page.goto(f"{demo_server.url}/en/knowledge/")
    page.get_by_role("link", name="Download for offline reading (ZIP)").click()
    page.wait_for_url("**/en/offline/aston/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/pack-download-page.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="English (ZIP)").click()
    archive = tmp_path / "pack.zip"
    download_info.value.save_as(archive)
    online.close()
    folder = tmp_path / "pack"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)

    offline = browser.new_context(locale="en-GB", viewport={"width": 1000, "height": 900})
    offline.set_offline(True)
    requests = []
    offline.on("request", lambda request: requests.append(request.url))
    reader = offline.new_page()
    reader.goto((folder / "index.html").as_uri())
    assert "ASToN" in reader.locator("h1").inner_text()
    reader.screenshot(path="/tmp/pack-index.png", full_page=True)
    reader.get_by_role("link", name="Knowledge library").first.click()
    assert reader.url.endswith("/en/knowledge/index.html")
    # The site's own stylesheet is applied: the header is laid out as online.
    assert reader.locator("header.site").evaluate("h => getComputedStyle(h).display") == "flex"
    reader.screenshot(path="/tmp/pack-library.png", full_page=True)
    reader.get_by_role("link", name="Five things we wish we had known").click()
    assert reader.locator("h1").inner_text() == "Five things we wish we had known"
    reader.screenshot(path="/tmp/pack-item.png", full_page=True)
    pdf = reader.get_by_role("link", name="Download as PDF").get_attribute("href")
    pdf_file = (Path(reader.url.removeprefix("file://")).parent / pdf).resolve()
    assert pdf_file.is_file() and pdf_file.read_bytes().startswith(b"%PDF")

    reader.get_by_role("link", name="Search the pack").first.click()
    reader.get_by_label("Title, summary, theme or city").fill("Kumasi")
    shown = reader.locator("#pack-items li[data-page]:visible")
    assert shown.count() >= 1
    assert all("Kumasi" in text for text in shown.all_inner_texts())
    reader.screenshot(path="/tmp/pack-search.png", full_page=True)
    shown.first.get_by_role("link").first.click()
    assert reader.url.endswith("index.html") and "Kumasi" in reader.content()
    assert all(url.startswith("file://") for url in requests), requests
    offline.close()
