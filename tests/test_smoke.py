def test_home_page_is_dutch_and_names_the_edition(client, edition):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl"
    assert edition.name in response.content.decode()
