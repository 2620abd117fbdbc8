"""The site starts and its public pages answer."""


def test_home_page_says_what_the_site_is(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Apprends n'importe quoi" in response.get_data(as_text=True)


def test_api_health_reports_ok(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {
        "status": "ok",
        "database": "ok",
        "rate_limit_storage": "disabled",
        "version": "v1",
    }
