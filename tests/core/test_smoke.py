def test_home_page_is_indonesian_by_default(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="id">' in page.get_data(as_text=True)
