using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.Schema;

/// <summary>Brings a database to <see cref="Migrations.Latest"/>, one step per transaction.</summary>
internal static class SchemaMigrator
{
    public static int Migrate(sqlite3 db, string path)
    {
        var found = (int)Raw.ScalarInt64(db, "PRAGMA user_version");
        RefuseUnknown(found, path);
        foreach (var step in Migrations.Steps.Where(s => s.Version > found))
            Apply(db, step);
        return Migrations.Latest;
    }

    /// <summary>Read-only mode: migrating writes, so the file must already be at this build's version.</summary>
    public static int RequireLatest(sqlite3 db, string path)
    {
        var found = (int)Raw.ScalarInt64(db, "PRAGMA user_version");
        if (found == 0)
            throw new UnsupportedSchemaException(path, found,
                $"The database '{path}' has no peeps-web schema (version 0): it is empty or was not written by peeps-web, " +
                "and a read-only server (Peeps:ReadOnly, --read-only) creates nothing. The file was not modified.");
        RefuseUnknown(found, path);
        if (found < Migrations.Latest)
            throw new UnsupportedSchemaException(path, found,
                $"The database '{path}' has schema version {found}, older than this build's {Migrations.Latest}, and a read-only server " +
                "(Peeps:ReadOnly, --read-only) never migrates. Open it once without --read-only, on a copy of the file, to migrate " +
                "that copy; then open the migrated copy with --read-only. The file was not modified.");
        return found;
    }

    private static void RefuseUnknown(int found, string path)
    {
        if (found > Migrations.Latest)
            throw new UnsupportedSchemaException(path, found,
                $"The database '{path}' has schema version {found}, newer than the {Migrations.Latest} this server knows. " +
                "It was written by a newer peeps-web; run that version, or point PEEPS_DB at another file. The file was not modified.");
        if (found is > 0 and < Migrations.ReferenceVersion)
            throw new UnsupportedSchemaException(path, found,
                $"The database '{path}' has schema version {found}, older than the reference server's version {Migrations.ReferenceVersion}; " +
                "its layout is unknown, so it cannot be migrated. Point PEEPS_DB at another file. The file was not modified.");
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
