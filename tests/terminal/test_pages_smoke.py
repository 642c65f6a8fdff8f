def test_start_and_home_render(client, make_site):
    make_site()
    assert client.get("/").status_code == 200
    assert client.get("/home?lang=ar").status_code == 200


def test_list_and_detail_render(client, make_offer):
    offer = make_offer()
    response = client.get("/offers")
    assert response.status_code == 200, response.text
    assert client.get(f"/offers/{offer.id}").status_code == 200
