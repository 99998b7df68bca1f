using Peeps.Storage.Reading;
using Peeps.Storage.Tests.Support;

namespace Peeps.Storage.Tests.Reading;

/// <summary>
/// The byte bound is exact: a value costs its text (or its base64 text, for a BLOB) plus
/// <see cref="ResultBudget.ValueOverhead"/>, a result of exactly <c>MaxResultBytes</c> is answered and one byte more is not.
/// </summary>
public sealed class ResultBudgetTests : IDisposable
{
    private const int Bound = 1000;
    private readonly TempDatabase _db = new();

    public ResultBudgetTests()
    {
        using var writer = _db.OpenWriter();
    }

    private Task<QueryResult> Run(string sql) =>
        new SqlQueryExecutor(_db.Options, new SqlQuerySettings { MaxResultBytes = Bound }).ExecuteAsync(sql);

    private static string Text(int bytes) => $"SELECT '{new string('x', bytes)}'";

    private static string Blob(int bytes) => $"SELECT zeroblob({bytes})";

    [Fact]
    public async Task A_text_value_of_exactly_the_bound_with_its_overhead_is_answered_and_one_byte_more_is_not()
    {
        var fits = Bound - ResultBudget.ValueOverhead;
        Assert.Equal(fits, ((string)(await Run(Text(fits))).Rows[0][0]!).Length);
        var error = await Assert.ThrowsAsync<SqlResultTooLargeException>(() => Run(Text(fits + 1)));
        Assert.Equal(SqlQuerySettings.MaxResultBytesKey, error.Setting);
    }

    [Fact]
    public async Task A_blob_is_charged_its_base64_length_rounded_up_to_whole_quads()
    {
        // 738 bytes are 984 base64 characters: with the overhead exactly the bound. 739 bytes round up to 988.
        Assert.Equal(984, ((string)(await Run(Blob(738))).Rows[0][0]!).Length);
        await Assert.ThrowsAsync<SqlResultTooLargeException>(() => Run(Blob(739)));
    }

    [Fact]
    public async Task Values_of_one_row_are_charged_together()
    {
        var half = (Bound / 2) - ResultBudget.ValueOverhead;
        var fits = $"SELECT '{new string('x', half)}', '{new string('y', half)}'";
        Assert.Equal(2, (await Run(fits)).Rows[0].Length);
        await Assert.ThrowsAsync<SqlResultTooLargeException>(() => Run($"SELECT '{new string('x', half)}', '{new string('y', half + 1)}'"));
    }

    public void Dispose() => _db.Dispose();
}
