"""Minimal FastAPI app for the Pyfile fastapi example (served by uvicorn)."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index():
    return {"app": "fastapi", "message": "hello from pyfile"}


@app.get("/items/{item_id}")
def read_item(item_id: int):
    return {"item_id": item_id}
