// What the PostgreSQL JDBC driver (pgjdbc, as Metabase and Tableau use it)
// shows of schema hrlake: prints facts for check.py, one tab-separated line each
// (the format is described in check.py). Reads the connection from the
// environment set by run.sh and the views to read from argument 1.
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

public class JdbcViews {
    // Prints one fact: its fields joined by tabs, tabs and line breaks inside a field made spaces.
    static void fact(Object... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) line.append('\t');
            line.append(String.valueOf(fields[i]).replaceAll("[\t\r\n]", " "));
        }
        System.out.println(line);
    }

    // The kind (check.py's vocabulary) of a java.sql.Types code.
    static String kindOfType(int type) {
        switch (type) {
            case Types.DATE: return "date";
            case Types.TIMESTAMP: case Types.TIMESTAMP_WITH_TIMEZONE: return "timestamp";
            case Types.NUMERIC: case Types.DECIMAL: return "numeric";
            case Types.SMALLINT: case Types.INTEGER: case Types.BIGINT: return "integer";
            case Types.CHAR: case Types.VARCHAR: case Types.LONGVARCHAR: case Types.NVARCHAR: return "text";
            case Types.BIT: case Types.BOOLEAN: return "boolean";
            case Types.ARRAY: return "array";
            default: return "other";
        }
    }

    // The kind of a value as getObject returns it.
    static String kindOfValue(Object value) {
        if (value instanceof java.sql.Date) return "date";
        if (value instanceof java.sql.Timestamp || value instanceof java.time.OffsetDateTime) return "timestamp";
        if (value instanceof BigDecimal) return "numeric";
        if (value instanceof Short || value instanceof Integer || value instanceof Long) return "integer";
        if (value instanceof String) return "text";
        if (value instanceof Boolean) return "boolean";
        if (value instanceof java.sql.Array) return "array";
        return "other";
    }

    public static void main(String[] args) throws Exception {
        List<String> toRead = Files.readAllLines(Path.of(args[0]));
        String url = "jdbc:postgresql://" + System.getenv("HRLAKE_BI_HOST") + ":" + System.getenv("HRLAKE_BI_PORT")
            + "/" + System.getenv("HRLAKE_BI_DB");
        Properties props = new Properties();
        props.setProperty("user", System.getenv("HRLAKE_BI_USER"));
        props.setProperty("password", System.getenv("HRLAKE_BI_PASSWORD"));
        props.setProperty("ApplicationName", "hrlake client test (JDBC)");
        try (Connection conn = DriverManager.getConnection(url, props)) {
            DatabaseMetaData meta = conn.getMetaData();
            fact("driver", meta.getDriverName() + " " + meta.getDriverVersion());
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT inet_client_addr(), current_user")) {
                rs.next();
                fact("connected", rs.getString(1), rs.getString(2));
            }

            // What a BI tool calls on connect: the views, then the columns of the schema.
            TreeSet<String> listed = new TreeSet<>();
            try (ResultSet rs = meta.getTables(null, "hrlake", "%", new String[] {"VIEW"})) {
                while (rs.next()) listed.add(rs.getString("TABLE_NAME"));
            }
            for (String view : listed) fact("listed", view);
            try (ResultSet rs = meta.getColumns(null, "hrlake", "%", "%")) {
                while (rs.next()) {
                    String view = rs.getString("TABLE_NAME");
                    if (!listed.contains(view)) continue;
                    int type = rs.getInt("DATA_TYPE");
                    String scale = rs.getString("DECIMAL_DIGITS");
                    String remarks = rs.getString("REMARKS");
                    fact("column", view, rs.getString("COLUMN_NAME"), kindOfType(type),
                         scale == null ? "-" : scale, rs.getString("TYPE_NAME") + " (Types " + type + ")",
                         remarks == null || remarks.isEmpty() ? "-" : remarks);
                }
            }

            for (String view : toRead) readView(conn, view);
        }
    }

    // SELECT * from one view: its result columns, the kind of each column's first
    // non-null value, every text value, the row count, or the error.
    static void readView(Connection conn, String view) {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM hrlake.\"" + view + "\"")) {
            ResultSetMetaData rsm = rs.getMetaData();
            int n = rsm.getColumnCount();
            Object[] first = new Object[n + 1];
            long rows = 0;
            while (rs.next()) {
                rows++;
                for (int c = 1; c <= n; c++) {
                    Object value = rs.getObject(c);
                    if (value == null) continue;
                    if (first[c] == null) first[c] = value;
                    if (value instanceof String) fact("cell", view, rsm.getColumnLabel(c), value);
                }
            }
            for (int c = 1; c <= n; c++) {
                fact("result", view, rsm.getColumnLabel(c),
                     first[c] == null ? "-" : kindOfValue(first[c]),
                     first[c] == null ? "-" : first[c].getClass().getName());
            }
            fact("rows", view, rows);
        } catch (SQLException e) {
            fact("error", view, e.getMessage());
        }
    }
}
