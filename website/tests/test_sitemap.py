def test_sitemap_lists_the_public_pages_in_every_language(client, db):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    content = response.content.decode()
    for path in ("/en/cities/kumasi/", "/fr/cities/kumasi/", "/pt/programme/"):
        assert path in content
