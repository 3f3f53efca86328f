/* What psqlODBC (through unixODBC, as Excel, Power BI and Tableau's ODBC
 * path use it) shows of schema hrlake: prints facts for check.py, one
 * tab-separated line each (the format is described in check.py). The
 * DSN-less connection string comes from the environment set by run.sh, the
 * views to read from argument 1. */
#include <sql.h>
#include <sqlext.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_VIEWS = 256, NAME_LEN = 256 };

static char listed[MAX_VIEWS][NAME_LEN];
static int n_listed;

/* Prints one fact: its fields joined by tabs, tabs and line breaks inside a field made spaces. */
static void fact(int n, ...) {
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) {
    const char *field = va_arg(ap, const char *);
    if (i > 0) putchar('\t');
    for (const char *p = field ? field : "-"; *p; p++)
      putchar(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
  }
  putchar('\n');
  va_end(ap);
}

/* The first diagnostic message of a handle. */
static const char *diag(SQLSMALLINT type, SQLHANDLE handle) {
  static char message[1024];
  SQLCHAR state[6];
  SQLINTEGER native;
  SQLSMALLINT len;
  message[0] = '\0';
  SQLGetDiagRec(type, handle, 1, state, &native, (SQLCHAR *)message, sizeof message, &len);
  return message;
}

/* Exits with the handle's diagnostic when an ODBC call failed. */
static void must(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE handle, const char *what) {
  if (SQL_SUCCEEDED(rc)) return;
  fprintf(stderr, "odbc_views: %s: %s\n", what, diag(type, handle));
  exit(1);
}

/* The kind (check.py's vocabulary) of an ODBC SQL type. */
static const char *kind_of_type(SQLSMALLINT type) {
  switch (type) {
  case SQL_TYPE_DATE: case SQL_DATE: return "date";
  case SQL_TYPE_TIMESTAMP: case SQL_TIMESTAMP: return "timestamp";
  case SQL_NUMERIC: case SQL_DECIMAL: return "numeric";
  case SQL_SMALLINT: case SQL_INTEGER: case SQL_BIGINT: case SQL_TINYINT: return "integer";
  case SQL_CHAR: case SQL_VARCHAR: case SQL_LONGVARCHAR:
  case SQL_WCHAR: case SQL_WVARCHAR: case SQL_WLONGVARCHAR: return "text";
  case SQL_BIT: return "boolean";
  default: return "other";
  }
}

/* Whether the metadata listed a view. */
static int is_listed(const char *view) {
  for (int i = 0; i < n_listed; i++)
    if (strcmp(listed[i], view) == 0) return 1;
  return 0;
}

/* A column of a metadata result as text ("-" when NULL). */
static const char *text_col(SQLHSTMT st, SQLUSMALLINT col, char *buf, SQLLEN size) {
  SQLLEN ind;
  must(SQLGetData(st, col, SQL_C_CHAR, buf, size, &ind), SQL_HANDLE_STMT, st, "SQLGetData");
  return ind == SQL_NULL_DATA || buf[0] == '\0' ? "-" : buf;
}

/* The views of schema hrlake (SQLTables), then their columns (SQLColumns). */
static void metadata(SQLHDBC dbc) {
  SQLHSTMT st;
  char view[NAME_LEN], column[NAME_LEN], type_name[NAME_LEN], scale[32], data_type[32], remarks[4096];
  must(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st), SQL_HANDLE_DBC, dbc, "SQLAllocHandle");
  must(SQLTables(st, NULL, 0, (SQLCHAR *)"hrlake", SQL_NTS, (SQLCHAR *)"%", SQL_NTS,
                 (SQLCHAR *)"VIEW", SQL_NTS), SQL_HANDLE_STMT, st, "SQLTables");
  while (SQL_SUCCEEDED(SQLFetch(st)) && n_listed < MAX_VIEWS) {
    text_col(st, 3, listed[n_listed], NAME_LEN);
    fact(2, "listed", listed[n_listed++]);
  }
  SQLCloseCursor(st);
  must(SQLColumns(st, NULL, 0, (SQLCHAR *)"hrlake", SQL_NTS, (SQLCHAR *)"%", SQL_NTS,
                  (SQLCHAR *)"%", SQL_NTS), SQL_HANDLE_STMT, st, "SQLColumns");
  while (SQL_SUCCEEDED(SQLFetch(st))) {
    text_col(st, 3, view, sizeof view);
    if (!is_listed(view)) continue;
    const char *name = text_col(st, 4, column, sizeof column);
    const char *type = text_col(st, 5, data_type, sizeof data_type);
    char described[NAME_LEN + 48];
    snprintf(described, sizeof described, "%s (SQL type %s)", text_col(st, 6, type_name, sizeof type_name), type);
    fact(7, "column", view, name, kind_of_type((SQLSMALLINT)atoi(type)), text_col(st, 9, scale, sizeof scale),
         described, text_col(st, 12, remarks, sizeof remarks));
  }
  SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* One value as text, however long; NULL when it is SQL NULL. The buffer grows as needed. */
static char *text_value(SQLHSTMT st, SQLUSMALLINT col, char **buf, size_t *size) {
  size_t used = 0;
  for (;;) {
    SQLLEN ind;
    SQLRETURN rc = SQLGetData(st, col, SQL_C_CHAR, *buf + used, (SQLLEN)(*size - used), &ind);
    if (rc == SQL_NO_DATA) return *buf;
    must(rc, SQL_HANDLE_STMT, st, "SQLGetData");
    if (ind == SQL_NULL_DATA) return NULL;
    if (rc == SQL_SUCCESS) return *buf;
    used = *size - 1;  /* truncated: keep what came, fetch the rest into a bigger buffer */
    *size *= 2;
    *buf = realloc(*buf, *size);
    if (!*buf) exit(1);
  }
}

/* Fetches a date or timestamp value into its C structure: "date"/"timestamp",
 * "-" for NULL, or the conversion error. */
static const char *temporal_value(SQLHSTMT st, SQLUSMALLINT col, const char *kind) {
  SQL_TIMESTAMP_STRUCT ts;
  SQLLEN ind;
  SQLSMALLINT c_type = strcmp(kind, "date") == 0 ? SQL_C_TYPE_DATE : SQL_C_TYPE_TIMESTAMP;
  SQLRETURN rc = SQLGetData(st, col, c_type, &ts, sizeof ts, &ind);
  if (!SQL_SUCCEEDED(rc)) return "unconvertible";
  return ind == SQL_NULL_DATA ? "-" : kind;
}

/* SELECT * from one view: its result columns, the kind each column's values
 * convert to, every text value, the row count, or the error. */
static void read_view(SQLHDBC dbc, const char *view) {
  SQLHSTMT st;
  char sql[NAME_LEN + 32], label[NAME_LEN], count[32];
  must(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st), SQL_HANDLE_DBC, dbc, "SQLAllocHandle");
  snprintf(sql, sizeof sql, "SELECT * FROM hrlake.\"%s\"", view);
  if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS))) {
    fact(3, "error", view, diag(SQL_HANDLE_STMT, st));
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return;
  }
  SQLSMALLINT n = 0;
  SQLNumResultCols(st, &n);
  SQLSMALLINT types[n + 1];
  const char *seen[n + 1];  /* kind of the first non-null value of each column */
  char labels[n + 1][NAME_LEN];
  for (SQLUSMALLINT c = 1; c <= n; c++) {
    SQLSMALLINT len, digits, nullable;
    SQLULEN size;
    must(SQLDescribeCol(st, c, (SQLCHAR *)labels[c], NAME_LEN, &len, &types[c], &size, &digits, &nullable),
         SQL_HANDLE_STMT, st, "SQLDescribeCol");
    seen[c] = "-";
  }
  size_t size = 4096;
  char *buf = malloc(size);
  long rows = 0;
  while (SQL_SUCCEEDED(SQLFetch(st))) {
    rows++;
    for (SQLUSMALLINT c = 1; c <= n; c++) {
      const char *kind = kind_of_type(types[c]);
      if (strcmp(kind, "date") == 0 || strcmp(kind, "timestamp") == 0) {
        const char *got = temporal_value(st, c, kind);
        if (strcmp(seen[c], "-") == 0) seen[c] = got;
        continue;
      }
      const char *value = text_value(st, c, &buf, &size);
      if (!value) continue;
      if (strcmp(seen[c], "-") == 0) seen[c] = kind;
      if (strcmp(kind, "text") == 0) fact(4, "cell", view, labels[c], value);
    }
  }
  free(buf);
  for (SQLUSMALLINT c = 1; c <= n; c++) {
    char described[32];
    snprintf(described, sizeof described, "SQL type %d", types[c]);
    snprintf(label, sizeof label, "%s", labels[c]);
    fact(5, "result", view, label, seen[c], described);
  }
  snprintf(count, sizeof count, "%ld", rows);
  fact(3, "rows", view, count);
  SQLFreeHandle(SQL_HANDLE_STMT, st);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: odbc_views VIEWS_FILE\n");
    return 2;
  }
  SQLHENV env;
  SQLHDBC dbc;
  SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
  SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
  SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
  const char *conn = getenv("HRLAKE_ODBC_CONNECTION");
  must(SQLDriverConnect(dbc, NULL, (SQLCHAR *)conn, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT),
       SQL_HANDLE_DBC, dbc, "SQLDriverConnect");

  char info[256], version[64];
  SQLSMALLINT len;
  SQLGetInfo(dbc, SQL_DRIVER_NAME, info, sizeof info, &len);
  SQLGetInfo(dbc, SQL_DRIVER_VER, version, sizeof version, &len);
  strncat(info, " ", sizeof info - strlen(info) - 1);
  strncat(info, version, sizeof info - strlen(info) - 1);
  fact(2, "driver", info);

  SQLHSTMT st;
  char addr[64], user[NAME_LEN];
  SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
  must(SQLExecDirect(st, (SQLCHAR *)"SELECT inet_client_addr()::text, current_user", SQL_NTS),
       SQL_HANDLE_STMT, st, "SELECT inet_client_addr()");
  must(SQLFetch(st), SQL_HANDLE_STMT, st, "SQLFetch");
  fact(3, "connected", text_col(st, 1, addr, sizeof addr), text_col(st, 2, user, sizeof user));
  SQLFreeHandle(SQL_HANDLE_STMT, st);

  metadata(dbc);

  FILE *views = fopen(argv[1], "r");
  if (!views) {
    perror(argv[1]);
    return 1;
  }
  char view[NAME_LEN];
  while (fgets(view, sizeof view, views)) {
    view[strcspn(view, "\n")] = '\0';
    if (view[0]) read_view(dbc, view);
  }
  fclose(views);
  SQLDisconnect(dbc);
  SQLFreeHandle(SQL_HANDLE_DBC, dbc);
  SQLFreeHandle(SQL_HANDLE_ENV, env);
  return 0;
}
