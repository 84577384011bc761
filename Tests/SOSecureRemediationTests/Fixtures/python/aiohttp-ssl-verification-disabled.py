import aiohttp


async def fetch_status(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url, ssl=False, timeout=10) as response:
            return response.status


async def post_event(session, url, event):
    async with session.post(url, json=event, ssl=False) as response:
        return await response.json()
