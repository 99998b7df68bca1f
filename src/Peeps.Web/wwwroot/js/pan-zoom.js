// Pan (drag), zoom (wheel, around the pointer) and fit-to-view for an SVG whose content sits in one <g>.

const MIN_SCALE = 0.01;
const MAX_SCALE = 4;
// A press that moves less than this many pixels is a click, not a pan.
const CLICK_SLOP = 4;
// Room left between a revealed box and the edge of the view, so it does not sit flush against it.
const REVEAL_MARGIN = 16;

// How far to shift the span [start, start + size) so it lies inside [0, extent): nothing when it already does,
// otherwise just enough to clear the edge by `margin`; a span larger than the view keeps its start in view.
function shiftIntoView(start, size, extent, margin) {
  const end = start + size;
  if (start >= 0 && end <= extent) return 0;
  let shift = end > extent - margin ? extent - margin - end : 0;
  if (start + shift < margin) shift = margin - start;
  return shift;
}

export class PanZoom {
  constructor(svgElement, viewport) {
    this.svg = svgElement;
    this.viewport = viewport;
    this.transform = { x: 0, y: 0, k: 1 };
    // True from a fit until the view is panned or zoomed: while it holds, the owner refits when the stage resizes.
    this.fitted = false;
    this.drag = null;
    this.suppressClick = false;

    svgElement.addEventListener("wheel", (event) => this.onWheel(event), { passive: false });
    svgElement.addEventListener("pointerdown", (event) => this.onPointerDown(event));
    svgElement.addEventListener("pointermove", (event) => this.onPointerMove(event));
    svgElement.addEventListener("pointerup", (event) => this.onPointerUp(event));
    svgElement.addEventListener("pointercancel", (event) => this.onPointerUp(event));
    // A pan ends with a click on whatever is under the pointer; swallow it so a pan never selects.
    svgElement.addEventListener("click", (event) => {
      if (this.suppressClick) {
        event.stopPropagation();
        this.suppressClick = false;
      }
    }, true);
  }

  apply() {
    const { x, y, k } = this.transform;
    this.viewport.setAttribute("transform", `translate(${x} ${y}) scale(${k})`);
    this.svg.dataset.scale = k.toFixed(4);
  }

  zoomAt(clientX, clientY, factor) {
    const rect = this.svg.getBoundingClientRect();
    const px = clientX - rect.left;
    const py = clientY - rect.top;
    const { x, y, k } = this.transform;
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, k * factor));
    this.transform = { k: next, x: px - ((px - x) * next) / k, y: py - ((py - y) * next) / k };
    this.fitted = false;
    this.apply();
  }

  fit(bounds, padding = 24) {
    if (bounds.width <= 0 || bounds.height <= 0) return;
    const rect = this.svg.getBoundingClientRect();
    // A hidden stage has no size yet: stay marked as fitted, and the resize that shows it does the fit.
    this.fitted = true;
    if (rect.width === 0 || rect.height === 0) return;
    const k = Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.min(
      (rect.width - padding * 2) / bounds.width,
      (rect.height - padding * 2) / bounds.height,
      1.25,
    )));
    this.transform = {
      k,
      x: (rect.width - bounds.width * k) / 2 - bounds.x * k,
      y: (rect.height - bounds.height * k) / 2 - bounds.y * k,
    };
    this.apply();
  }

  // Pans, never zooms: the scale stays the one the user chose.
  reveal(bounds, margin = REVEAL_MARGIN) {
    const rect = this.svg.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    const { x, y, k } = this.transform;
    const dx = shiftIntoView(x + bounds.x * k, bounds.width * k, rect.width, margin);
    const dy = shiftIntoView(y + bounds.y * k, bounds.height * k, rect.height, margin);
    if (dx === 0 && dy === 0) return;
    this.transform = { k, x: x + dx, y: y + dy };
    this.fitted = false;
    this.apply();
  }

  onWheel(event) {
    event.preventDefault();
    this.zoomAt(event.clientX, event.clientY, Math.exp(-event.deltaY * 0.0015));
  }

  onPointerDown(event) {
    if (event.button !== 0) return;
    this.suppressClick = false;
    this.drag = { id: event.pointerId, startX: event.clientX, startY: event.clientY, origin: { ...this.transform }, moved: false };
  }

  onPointerMove(event) {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP) return;
    if (!drag.moved) {
      drag.moved = true;
      this.svg.setPointerCapture(event.pointerId);
      this.svg.classList.add("panning");
    }
    this.transform = { ...drag.origin, x: drag.origin.x + dx, y: drag.origin.y + dy };
    this.fitted = false;
    this.apply();
  }

  onPointerUp(event) {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    this.drag = null;
    if (drag.moved) {
      this.suppressClick = true;
      this.svg.classList.remove("panning");
      if (this.svg.hasPointerCapture(event.pointerId)) this.svg.releasePointerCapture(event.pointerId);
    }
  }
}
