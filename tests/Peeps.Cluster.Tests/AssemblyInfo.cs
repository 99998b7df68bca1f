// Each test class runs its own PostgreSQL and three server processes; on a small machine two such clusters at once
// would starve each other's failure detectors into false unreachability.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
