using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.Schema;

/// <summary>Brings a database to <see cref="Migrations.Latest"/>, one step per transaction.</summary>
internal static class SchemaMigrator
{
    public static int Migrate(sqlite3 db, string path)
    {
        var found = (int)Raw.ScalarInt64(db, "PRAGMA user_version");
        if (found > Migrations.Latest)
            throw new UnsupportedSchemaException(path, found,
                $"The database '{path}' has schema version {found}, newer than the {Migrations.Latest} this server knows. " +
                "It was written by a newer peeps-web; run that version, or point PEEPS_DB at another file. The file was not modified.");
        if (found is > 0 and < Migrations.ReferenceVersion)
            throw new UnsupportedSchemaException(path, found,
                $"The database '{path}' has schema version {found}, older than the reference server's version {Migrations.ReferenceVersion}; " +
                "its layout is unknown, so it cannot be migrated. Point PEEPS_DB at another file. The file was not modified.");

        foreach (var step in Migrations.Steps.Where(s => s.Version > found))
            Apply(db, step);
        return Migrations.Latest;
    }

    private static void Apply(sqlite3 db, Migration step)
    {
        // IMMEDIATE takes the write lock up front, so two servers starting on one file migrate one after the other.
        Raw.Exec(db, "BEGIN IMMEDIATE");
        try
        {
            // Re-read under the lock: another process may have applied this step meanwhile.
            if (Raw.ScalarInt64(db, "PRAGMA user_version") < step.Version)
            {
                Raw.Exec(db, step.Sql);
                Raw.Exec(db, $"PRAGMA user_version = {step.Version}");
            }
            Raw.Exec(db, "COMMIT");
        }
        catch
        {
            raw.sqlite3_exec(db, "ROLLBACK");
            throw;
        }
    }
}
