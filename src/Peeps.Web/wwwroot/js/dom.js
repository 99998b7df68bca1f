// Tiny helpers for building DOM and SVG without a framework.

const SVG_NS = "http://www.w3.org/2000/svg";

function assign(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function h(tag, attributes, ...children) {
  return assign(document.createElement(tag), attributes, children);
}

export function svg(tag, attributes, ...children) {
  return assign(document.createElementNS(SVG_NS, tag), attributes, children);
}

export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`console markup is missing #${id}`);
  return element;
}
