"""Small client for the inventory service, as requested: fetch items, push updates, sync users."""
import logging
import os

import requests
import urllib3

logger = logging.getLogger(__name__)

# expect: hardcoded-api-key
API_KEY = "inv_8c1f0d2a9b7e4c35af61"
# ok: hardcoded-api-key
API_KEY_FROM_ENV = os.environ.get("INVENTORY_API_KEY", "")
BASE_URL = "https://inventory.example.com/api/v2"


class InventoryClient:
    def __init__(self, base_url=BASE_URL, api_key=API_KEY, insecure=False):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update({"X-API-Key": api_key})
        if insecure:
            urllib3.disable_warnings()
            # expect: requests-session-verify-disabled
            self.session.verify = False
        else:
            # ok: requests-session-verify-disabled
            self.session.verify = "/etc/ssl/certs/ca-certificates.crt"

    def list_items(self, page=1):
        # ok: requests-verify-disabled
        resp = self.session.get(f"{self.base_url}/items", params={"page": page}, timeout=10)
        resp.raise_for_status()
        return resp.json()["items"]

    def update_item(self, item_id, fields):
        url = f"{self.base_url}/items/{item_id}"
        # expect: requests-verify-disabled
        resp = requests.patch(url, json=fields, verify=False, timeout=10)
        if resp.status_code >= 400:
            logger.error("update failed for %s: %s", item_id, resp.status_code)
        return resp.ok


def sync_users(username, password):
    """Pull the user list from the legacy HR system (basic auth)."""
    # expect: cleartext-http-credentials
    resp = requests.get("http://hr-legacy.example.com/api/users",
                        auth=(username, password), timeout=30)
    resp.raise_for_status()
    return resp.json()


def get_token(username, password):
    # ok: cleartext-http-credentials
    resp = requests.post("https://auth.example.com/oauth/token",
                         data={"grant_type": "password", "username": username, "password": password})
    return resp.json()["access_token"]


def main():
    client = InventoryClient(insecure=os.environ.get("INSECURE") == "1")
    for item in client.list_items():
        if item["stock"] < 5:
            client.update_item(item["id"], {"reorder": True})
    # expect: hardcoded-password
    users = sync_users("svc_inventory", password="Winter2024!")
    print(f"synced {len(users)} users")


if __name__ == "__main__":
    main()
