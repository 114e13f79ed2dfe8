// Plotly.Blazor adds plotly.js to the page once, as <script id="plotly-import">, and from then on trusts that element
// even when it failed to load; charts asked to draw after that wait forever. Removing a failed element lets the next
// chart load the bundle again. (A script still loading is removed too; it still runs, and whichever copy loads first
// draws the waiting charts.)
export function forgetFailedLoad() {
    const script = document.getElementById('plotly-import');
    if (script && !window.Plotly)
        script.remove();
}
