// Switches between the snapshot and queries views; the chosen tab is kept in the URL hash so a reload
// (or a shared link) opens the same view.

export function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const show = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", selected ? "true" : "false");
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    }
    history.replaceState(null, "", `#${tab.id.replace("tab-", "")}`);
  };
  for (const tab of tabs) tab.addEventListener("click", () => show(tab));
  const initial = tabs.find((tab) => `#${tab.id.replace("tab-", "")}` === location.hash) ?? tabs[0];
  show(initial);
}
