from fastapi import FastAPI

app = FastAPI(title="Orders")


@app.get("/orders/{order_id}")
def read_order(order_id: int):
    return {"id": order_id}
