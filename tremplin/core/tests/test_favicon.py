def test_pages_name_the_icon_and_favicon_ico_leads_to_it(client, login, counselor):
    page = login(client, counselor).get("/personnes/").content.decode()
    assert 'rel="icon" type="image/svg+xml" href="/static/tremplin/favicon.svg"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/tremplin/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_the_icon_needs_no_login(client):
    assert client.get("/favicon.ico").status_code == 302
