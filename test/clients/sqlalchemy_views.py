"""What SQLAlchemy (psycopg2) and pandas, as Superset and notebooks use them,
show of schema hrlake: prints facts for check.py, one tab-separated line each
(the format is described in check.py). Reads the connection from the
environment set by run.sh and the views to read from argument 1."""
import datetime
import decimal
import os
import re
import sys

import pandas
import psycopg2
import sqlalchemy
from sqlalchemy import types


def fact(*fields):
    """Prints one fact: its fields joined by tabs, tabs and line breaks inside a field made spaces."""
    print("\t".join(re.sub(r"[\t\r\n]", " ", str(f)) for f in fields))


def kind_of_type(sql_type):
    """The kind (check.py's vocabulary) of a type the inspector reports."""
    for cls, kind in ((types.Date, "date"), (types.DateTime, "timestamp"), (types.Integer, "integer"),
                      (types.Numeric, "numeric"), (types.String, "text"), (types.Boolean, "boolean"),
                      (types.ARRAY, "array")):
        if isinstance(sql_type, cls):
            return kind
    return "other"


def kind_of_column(series):
    """The kind of a DataFrame column: by its dtype, or for object columns by its first non-null value."""
    dtype = str(series.dtype)
    for test, kind in ((pandas.api.types.is_datetime64_any_dtype, "datetime64"),
                       (pandas.api.types.is_bool_dtype, "boolean"), (pandas.api.types.is_integer_dtype, "integer"),
                       (pandas.api.types.is_float_dtype, "float")):
        if test(series):
            return kind, dtype
    values = series.dropna()
    if values.empty:
        return "-", dtype
    value = values.iloc[0]
    described = f"{dtype}/{type(value).__name__}"
    for cls, kind in ((datetime.datetime, "timestamp"), (datetime.date, "date"), (decimal.Decimal, "numeric"),
                      (str, "text"), (list, "array")):
        if isinstance(value, cls):
            return kind, described
    return "other", described


def main():
    to_read = open(sys.argv[1]).read().split()
    url = sqlalchemy.engine.URL.create(
        "postgresql+psycopg2", username=os.environ["HRLAKE_BI_USER"], password=os.environ["HRLAKE_BI_PASSWORD"],
        host=os.environ["HRLAKE_BI_HOST"], port=int(os.environ["HRLAKE_BI_PORT"]),
        database=os.environ["HRLAKE_BI_DB"])
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as conn:
        fact("driver", f"SQLAlchemy {sqlalchemy.__version__}, psycopg2 {psycopg2.__version__.split()[0]}, "
                       f"pandas {pandas.__version__}")
        addr, user = conn.execute(sqlalchemy.text("SELECT inet_client_addr()::text, current_user")).one()
        fact("connected", addr, user)

        inspector = sqlalchemy.inspect(conn)
        listed = sorted(inspector.get_view_names(schema="hrlake"))
        for view in listed:
            fact("listed", view)
        for view in listed:
            for col in inspector.get_columns(view, schema="hrlake"):
                sql_type = col["type"]
                scale = getattr(sql_type, "scale", None)
                fact("column", view, col["name"], kind_of_type(sql_type), "-" if scale is None else scale,
                     repr(sql_type), col.get("comment") or "-")

    for view in to_read:
        read_view(engine, view)


def read_view(engine, view):
    """SELECT * from one view into a DataFrame: its columns, the kind of each, every text value, the row
    count, or the error. A connection of its own, as a failed query ends its transaction."""
    with engine.connect() as conn:
        try:
            frame = pandas.read_sql(sqlalchemy.text(f'SELECT * FROM hrlake."{view}"'), conn)
        except sqlalchemy.exc.DBAPIError as e:
            fact("error", view, str(e.orig).strip())
            return
    for label in frame.columns:
        for value in frame[label].dropna():
            if isinstance(value, str):
                fact("cell", view, label, value)
    for label in frame.columns:
        fact("result", view, label, *kind_of_column(frame[label]))
    fact("rows", view, len(frame))


main()
