"""Pandas example for Pyfile: a Flask JSON API on gunicorn that summarises a generated DataFrame."""

import platform

import numpy as np
import pandas as pd
from flask import Flask, jsonify, request

app = Flask(__name__)

CITIES = ["Lisbon", "Oslo", "Quito", "Seoul", "Tunis"]


def readings(rows, seed):
    """A reproducible DataFrame of fake sensor readings: city, temperature, humidity."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "city": rng.choice(CITIES, size=rows),
            "temperature": rng.normal(18.0, 7.5, size=rows).round(2),
            "humidity": rng.uniform(20.0, 95.0, size=rows).round(1),
        }
    )


def summary(df):
    """Overall statistics and per-city means, as plain JSON-able values."""
    stats = df[["temperature", "humidity"]].describe().round(3)
    by_city = df.groupby("city")[["temperature", "humidity"]].mean().round(3)
    return {
        "rows": int(len(df)),
        "stats": {col: {k: float(v) for k, v in stats[col].items()} for col in stats.columns},
        "by_city": {city: {k: float(v) for k, v in row.items()} for city, row in by_city.iterrows()},
    }


@app.get("/")
def index():
    rows = min(max(request.args.get("rows", 10_000, type=int), 1), 1_000_000)
    seed = request.args.get("seed", 42, type=int)
    return jsonify(app="pandas", **summary(readings(rows, seed)))


@app.get("/info")
def info():
    return jsonify(python=platform.python_version(), pandas=pd.__version__, numpy=np.__version__)
