namespace Peeps.Testing;

/// <summary>Polls a condition that the server reaches asynchronously (commits land a few ms after a send).</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        T last;
        while (true)
        {
            last = await probe();
            if (done(last)) return last;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not reached in time: {what ?? "condition"}; last value: {last}");
            await Task.Delay(20);
        }
    }
}
