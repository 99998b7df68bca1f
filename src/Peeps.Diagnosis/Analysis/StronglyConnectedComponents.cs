namespace Peeps.Diagnosis.Analysis;

/// <summary>
/// Tarjan's algorithm over adjacency arrays, iterative (an explicit call stack) so a chain of a hundred thousand
/// waits cannot overflow the thread's stack. Components come out in reverse topological order: every edge leaving a
/// component points into one numbered before it.
/// </summary>
public static class StronglyConnectedComponents
{
    public static (int[] Component, int Count) Find(Graph.WaitGraph graph) => Find(graph.NodeCount, graph.Start, graph.Targets);

    /// <returns>The component number of each node, and the number of components.</returns>
    public static (int[] Component, int Count) Find(int nodeCount, int[] start, int[] targets)
    {
        var index = new int[nodeCount];
        var low = new int[nodeCount];
        var component = new int[nodeCount];
        var onStack = new bool[nodeCount];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var calls = new Stack<(int Node, int NextEdge)>();
        var counter = 0;
        var components = 0;

        for (var root = 0; root < nodeCount; root++)
        {
            if (index[root] >= 0) continue;
            Visit(root);
            while (calls.Count > 0)
            {
                var (node, next) = calls.Pop();
                if (next < start[node + 1])
                {
                    calls.Push((node, next + 1));
                    var target = targets[next];
                    if (index[target] < 0)
                        Visit(target);
                    else if (onStack[target])
                        low[node] = Math.Min(low[node], index[target]);
                    continue;
                }
                if (low[node] == index[node])
                {
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component[member] = components;
                    } while (member != node);
                    components++;
                }
                if (calls.Count > 0)
                {
                    var parent = calls.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }
        return (component, components);

        void Visit(int node)
        {
            index[node] = low[node] = counter++;
            stack.Push(node);
            onStack[node] = true;
            calls.Push((node, start[node]));
        }
    }
}
