// Inline SVG icons (stroke style, 24×24). Built with DOM calls, never from markup strings.
const SVG = 'http://www.w3.org/2000/svg';

function svg(parts) {
  const el = document.createElementNS(SVG, 'svg');
  el.setAttribute('viewBox', '0 0 24 24');
  el.setAttribute('class', 'icon');
  el.setAttribute('aria-hidden', 'true');
  for (const [tag, attrs] of parts) {
    const child = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) child.setAttribute(k, v);
    el.appendChild(child);
  }
  return el;
}

export function eyeIcon(crossed) {
  const parts = [
    ['path', { d: 'M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z' }],
    ['circle', { cx: '12', cy: '12', r: '3' }],
  ];
  if (crossed) parts.push(['path', { d: 'M4 4l16 16' }]);
  return svg(parts);
}

export function copyIcon() {
  return svg([
    ['rect', { x: '9', y: '9', width: '11', height: '11', rx: '2' }],
    ['path', { d: 'M5 15V6a2 2 0 0 1 2-2h9' }],
  ]);
}

export function pencilIcon() {
  return svg([
    ['path', { d: 'M4 20h4L19 9l-4-4L4 16v4z' }],
    ['path', { d: 'M13.5 6.5l4 4' }],
  ]);
}

export function trashIcon() {
  return svg([
    ['path', { d: 'M4 7h16M10 11v6M14 11v6' }],
    ['path', { d: 'M6 7l1 13h10l1-13M9 7V4h6v3' }],
  ]);
}

export function plusIcon() {
  return svg([['path', { d: 'M12 5v14M5 12h14' }]]);
}
