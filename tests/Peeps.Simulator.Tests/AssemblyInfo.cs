// Connection tests measure tick timing against real sockets; run them one at a time so they do not skew each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
