def test_health_answers_without_login(client, db):
    response = client.get("/sante/")
    assert response.status_code == 200 and response.content == b"ok"
