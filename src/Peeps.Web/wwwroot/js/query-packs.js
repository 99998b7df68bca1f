// The query packs peeps-web serves through POST /api/query, with what each lists: the eight of the upstream
// contract, then the three that answer "what is stuck?" across processes.

export const QUERY_PACKS = [
  { name: "blockers", description: "every needs edge: which entity waits on which" },
  { name: "blocked-senders", description: "send futures waiting on a channel, most recent first" },
  { name: "blocked-receivers", description: "receive futures waiting on a channel, most recent first" },
  { name: "stalled-sends", description: "send futures and the channel end they wait on" },
  { name: "channel-pressure", description: "mpsc channels by buffer utilization, fullest first" },
  { name: "channel-health", description: "every channel end with lifecycle, capacity and occupancy" },
  { name: "scope-membership", description: "which entities belong to which scope" },
  { name: "stale-blockers", description: "needs edges that have been in place the longest" },
  { name: "deadlocks", description: "every wait edge inside a cycle, across processes, one numbered deadlock per cycle" },
  { name: "wait-chains", description: "blocked tasks followed to what they wait on at the end: a root blocker, a cycle or the depth bound" },
  { name: "blockers-by-process", description: "which process blocks which, with how many waits and the oldest" },
];
