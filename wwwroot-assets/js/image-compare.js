// Two images of the same size in one viewport: a draggable divider shows the left image left of it and the right
// image right of it; wheel zooms around the cursor, drag pans, both views always share one transform (synchronised
// zoom and pan). Pixels are drawn nearest-neighbour (CSS image-rendering: pixelated), so at high zoom every image
// pixel is an exact square. Keyboard: ←/→ previous/next image, + / − / 0 zoom in / out / fit, d difference map,
// s SSIM map (handled in .NET through the object reference).

const viewers = new WeakMap();
const MIN_ZOOM = 0.05, MAX_ZOOM = 64;

export function init(root, dotnet, width, height) {
    const v = {
        root, dotnet, width, height,
        zoom: 1, tx: 0, ty: 0, split: 0.5, fitted: true,
        left: root.querySelector('.ic-left img'),
        right: root.querySelector('.ic-right img'),
        rightLayer: root.querySelector('.ic-right'),
        divider: root.querySelector('.ic-divider'),
        zoomLabel: root.querySelector('.ic-zoom'),
    };
    viewers.set(root, v);

    const onWheel = e => {
        e.preventDefault();
        const r = root.getBoundingClientRect();
        zoomAt(v, v.zoom * Math.pow(1.2, e.deltaY < 0 ? 1 : -1), e.clientX - r.left, e.clientY - r.top);
    };
    let drag = null;
    const onDown = e => {
        if (e.button !== 0) return;
        root.focus({ preventScroll: true });
        drag = { mode: e.target.closest('.ic-divider') ? 'split' : 'pan', x: e.clientX, y: e.clientY, tx: v.tx, ty: v.ty };
        root.setPointerCapture(e.pointerId);
        root.classList.toggle('ic-panning', drag.mode === 'pan');
        e.preventDefault();
    };
    const onMove = e => {
        if (!drag) return;
        if (drag.mode === 'split') {
            const r = root.getBoundingClientRect();
            v.split = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
        } else {
            v.tx = drag.tx + (e.clientX - drag.x);
            v.ty = drag.ty + (e.clientY - drag.y);
            v.fitted = false;
        }
        apply(v);
    };
    const onUp = e => {
        drag = null;
        root.classList.remove('ic-panning');
        if (root.hasPointerCapture(e.pointerId)) root.releasePointerCapture(e.pointerId);
    };
    const onKey = e => {
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        const t = e.target;
        if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
        if (document.querySelector('.mud-overlay, .mud-popover-open')) return;
        const key = e.key;
        if (key === 'ArrowLeft' || key === 'ArrowRight') dotnet.invokeMethodAsync('Step', key === 'ArrowLeft' ? -1 : 1);
        else if (key === '+' || key === '=') zoomBy(root, 2);
        else if (key === '-' || key === '_') zoomBy(root, 0.5);
        else if (key === '0') fit(root);
        else if (key === 'd' || key === 'D') dotnet.invokeMethodAsync('ToggleMap', 'diff');
        else if (key === 's' || key === 'S') dotnet.invokeMethodAsync('ToggleMap', 'ssim');
        else if (key === 'i' || key === 'I') dotnet.invokeMethodAsync('ToggleMap', 'detail');
        else return;
        e.preventDefault();
    };
    const onResize = () => { if (v.fitted) fit(root); else apply(v); };

    root.addEventListener('wheel', onWheel, { passive: false });
    root.addEventListener('pointerdown', onDown);
    root.addEventListener('pointermove', onMove);
    root.addEventListener('pointerup', onUp);
    root.addEventListener('pointercancel', onUp);
    document.addEventListener('keydown', onKey);
    const observer = new ResizeObserver(onResize);
    observer.observe(root);
    v.dispose = () => {
        root.removeEventListener('wheel', onWheel);
        root.removeEventListener('pointerdown', onDown);
        root.removeEventListener('pointermove', onMove);
        root.removeEventListener('pointerup', onUp);
        root.removeEventListener('pointercancel', onUp);
        document.removeEventListener('keydown', onKey);
        observer.disconnect();
    };
    fit(root);
}

/// The image size changed (another image of the category): fit it; the same size keeps the zoom and position.
export function setSize(root, width, height) {
    const v = viewers.get(root);
    if (!v) return;
    const changed = v.width !== width || v.height !== height;
    v.width = width;
    v.height = height;
    if (changed || v.fitted) fit(root); else apply(v);
}

export function fit(root) {
    const v = viewers.get(root);
    if (!v) return;
    const r = root.getBoundingClientRect();
    const z = Math.min(r.width / v.width, r.height / v.height);
    v.zoom = clampZoom(z);
    v.tx = (r.width - v.width * v.zoom) / 2;
    v.ty = (r.height - v.height * v.zoom) / 2;
    v.fitted = true;
    apply(v);
}

export function zoomBy(root, factor) {
    const v = viewers.get(root);
    if (!v) return;
    const r = root.getBoundingClientRect();
    zoomAt(v, v.zoom * factor, r.width / 2, r.height / 2);
}

/// Zoom so that one image pixel is one screen pixel, centred on the view's centre.
export function actualSize(root) {
    const v = viewers.get(root);
    if (!v) return;
    const r = root.getBoundingClientRect();
    zoomAt(v, 1, r.width / 2, r.height / 2);
}

export function setSplit(root, fraction) {
    const v = viewers.get(root);
    if (!v) return;
    v.split = Math.min(1, Math.max(0, fraction));
    apply(v);
}

/// The part of the image in view, in image pixels (for the figure export).
export function visibleRegion(root) {
    const v = viewers.get(root);
    if (!v) return null;
    const r = root.getBoundingClientRect();
    const x0 = Math.max(0, Math.floor(-v.tx / v.zoom)), y0 = Math.max(0, Math.floor(-v.ty / v.zoom));
    const x1 = Math.min(v.width, Math.ceil((r.width - v.tx) / v.zoom)), y1 = Math.min(v.height, Math.ceil((r.height - v.ty) / v.zoom));
    return { x: x0, y: y0, w: Math.max(1, x1 - x0), h: Math.max(1, y1 - y0) };
}

export function download(url) {
    const a = document.createElement('a');
    a.href = url;
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
}

export function dispose(root) {
    const v = viewers.get(root);
    if (v) { v.dispose(); viewers.delete(root); }
}

function clampZoom(z) { return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z)); }

function zoomAt(v, zoom, cx, cy) {
    const z = clampZoom(zoom);
    // keep the image point under (cx, cy) where it is
    v.tx = cx - (cx - v.tx) * (z / v.zoom);
    v.ty = cy - (cy - v.ty) * (z / v.zoom);
    v.zoom = z;
    v.fitted = false;
    apply(v);
}

function apply(v) {
    const transform = `translate(${v.tx}px, ${v.ty}px) scale(${v.zoom})`;
    for (const img of [v.left, v.right]) {
        if (!img) continue;
        img.style.width = v.width + 'px';
        img.style.height = v.height + 'px';
        img.style.transform = transform;
    }
    const pct = (v.split * 100).toFixed(3) + '%';
    v.rightLayer.style.clipPath = `inset(0 0 0 ${pct})`;
    v.divider.style.left = pct;
    v.root.dataset.zoom = v.zoom.toFixed(4);
    v.root.dataset.split = v.split.toFixed(4);
    if (v.zoomLabel) v.zoomLabel.textContent = (v.zoom * 100).toFixed(v.zoom < 1 ? 0 : 0) + ' %';
}
