// The eight canonical query packs peeps-web serves through POST /api/query, with what each lists.

export const QUERY_PACKS = [
  { name: "blockers", description: "every needs edge: which entity waits on which" },
  { name: "blocked-senders", description: "send futures waiting on a channel, most recent first" },
  { name: "blocked-receivers", description: "receive futures waiting on a channel, most recent first" },
  { name: "stalled-sends", description: "send futures and the channel end they wait on" },
  { name: "channel-pressure", description: "mpsc channels by buffer utilization, fullest first" },
  { name: "channel-health", description: "every channel end with lifecycle, capacity and occupancy" },
  { name: "scope-membership", description: "which entities belong to which scope" },
  { name: "stale-blockers", description: "needs edges that have been in place the longest" },
];
