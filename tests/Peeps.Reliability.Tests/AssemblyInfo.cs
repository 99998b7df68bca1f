// The load and crash tests each saturate the two shared cores; run the classes one after another so one
// test's load does not starve another's bounded waits.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
