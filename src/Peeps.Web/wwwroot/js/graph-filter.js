// Which nodes match the search box and the kind and process selectors.

export function matchingKeys(graph, { text, kind, processId }) {
  const needle = text.trim().toLowerCase();
  if (!needle && !kind && !processId) return null;
  const keys = new Set();
  for (const [key, node] of graph.nodes) {
    if (kind && node.kind !== kind) continue;
    if (processId && String(node.process.processId) !== processId) continue;
    if (needle) {
      const haystack = `${node.entity.name ?? ""}\n${node.entity.id}\n${node.entity.source ?? ""}\n${node.state}`.toLowerCase();
      if (!haystack.includes(needle)) continue;
    }
    keys.add(key);
  }
  return keys;
}
