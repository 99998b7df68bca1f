using SQLitePCL;

namespace Peeps.Storage.Sqlite;

/// <summary>Error checking for raw SQLite calls, which report failures as result codes instead of exceptions.</summary>
internal static class Raw
{
    public static void Check(sqlite3 db, int rc, string what)
    {
        if (rc != raw.SQLITE_OK)
            throw Failure(db, rc, what);
    }

    public static SqliteCallException Failure(sqlite3 db, int rc, string what) =>
        new(raw.sqlite3_extended_errcode(db), $"{what}: {raw.sqlite3_errmsg(db).utf8_to_string()} (SQLite error {rc})");

    public static void Exec(sqlite3 db, string sql) => Check(db, raw.sqlite3_exec(db, sql), sql);

    public static long ScalarInt64(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var stmt), sql);
        using (stmt)
        {
            var rc = raw.sqlite3_step(stmt);
            if (rc == raw.SQLITE_ROW)
                return raw.sqlite3_column_int64(stmt, 0);
            if (rc == raw.SQLITE_DONE)
                return 0;
            throw Failure(db, rc, sql);
        }
    }
}
