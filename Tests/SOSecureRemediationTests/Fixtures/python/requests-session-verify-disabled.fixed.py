import requests

http = requests.Session()
http.verify = True
http.headers["User-Agent"] = "inventory-sync/1.0"
