// Switches between the snapshot, diff and queries views; the chosen tab is kept in the URL hash so a reload
// (or a shared link) opens the same view.

function tabs() {
  return [...document.querySelectorAll('[role="tab"]')];
}

function show(tab) {
  for (const other of tabs()) {
    const selected = other === tab;
    other.setAttribute("aria-selected", selected ? "true" : "false");
    document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
  }
  history.replaceState(null, "", `#${tab.id.replace("tab-", "")}`);
}

// Brings the view of tab `name` ("graph", "diff", "queries") to the front, as a click on its tab would.
export function showTab(name) {
  const tab = document.getElementById(`tab-${name}`);
  if (tab) show(tab);
}

export function setupTabs() {
  const all = tabs();
  for (const tab of all) tab.addEventListener("click", () => show(tab));
  const initial = all.find((tab) => `#${tab.id.replace("tab-", "")}` === location.hash) ?? all[0];
  show(initial);
}
